"""MinHash signatures and LSH candidates (govdisclosure.similarity): agreement follows likeness,
planted copies are found among many unrelated texts, boilerplate proposes nobody, and the work
stays linear."""

import random

from govdisclosure.similarity import SIGNATURE, candidate_pairs, overlap, shared_passages, signature

WORDS = ("公开 政府 信息 申请 办理 答复 平台 网站 政策 解读 回应 关切 监督 保障 考核 培训 目录 规范 "
         "审查 发布 群众 企业 服务 数据 统计 年度 工作 制度 机制 落实 推进 完善 加强 提升 开展 组织").split()


def _text(seed: int, words: int = 90) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(WORDS) + rng.choice("，。、") for _ in range(words))


def test_signatures_agree_as_often_as_the_texts_are_alike():
    a = _text(1, 400)
    for keep in (1.0, 0.5, 0.0):
        cut = int(len(a) * keep)
        b = a[:cut] + _text(2, 400)[cut:]
        agree = sum(x == y for x, y in zip(signature(a, 8), signature(b, 8))) / SIGNATURE
        if keep == 1.0:
            assert agree == 1.0
        elif keep == 0.0:
            assert agree < 0.15
        else:
            assert 0.15 < agree < 0.65  # (Jaccard of half-shared texts: about a third)


def test_planted_copies_are_found_among_many_unrelated_texts():
    texts = [_text(seed) for seed in range(2000)]
    copies = {(10, 1500), (77, 1999), (300, 301)}
    for original, copy in copies:
        half = len(texts[original]) // 5
        texts[copy] = texts[original][: 4 * half] + texts[copy][4 * half:]  # four fifths copied
    found = candidate_pairs(((i, signature(t, 8)) for i, t in enumerate(texts)), max_bucket=50)
    assert copies <= found
    assert len(found) < 20 * len(texts)  # candidates, not all 2,000,000 pairs
    confirmed = {(a, b) for a, b in found if max(overlap(texts[a], texts[b], 8), overlap(texts[b], texts[a], 8)) > 0.5}
    assert confirmed == copies


def test_boilerplate_shared_by_many_proposes_nobody():
    common = _text(5, 200)
    texts = [common for _ in range(60)] + [_text(6), _text(6)]
    found = candidate_pairs(((i, signature(t, 8)) for i, t in enumerate(texts)), max_bucket=50)
    assert found == {(60, 61)}


def test_short_texts_agree_on_nothing():
    assert candidate_pairs([(0, signature("公开", 8)), (1, signature("公开", 8))], max_bucket=50) == set()


def test_shared_passages_are_the_longest_common_ones_in_order():
    mine = "甲乙丙丁戊己庚辛壬癸。" + "天地玄黄宇宙洪荒日月盈昃辰宿列张" + "某某某。" + "寒来暑往秋收冬藏闰余成岁律吕调阳"
    theirs = "寒来暑往秋收冬藏闰余成岁律吕调阳" + "另外的话。" + "天地玄黄宇宙洪荒日月盈昃辰宿列张"
    # (the two passages stand in opposite orders in the two texts: both are found)
    assert shared_passages(mine, theirs, 10, 3) == ["天地玄黄宇宙洪荒日月盈昃辰宿列张", "寒来暑往秋收冬藏闰余成岁律吕调阳"]
    assert shared_passages(mine, theirs, 10, 1) == ["天地玄黄宇宙洪荒日月盈昃辰宿列张"]
    assert shared_passages(mine, "毫不相干的一句话而已", 10, 3) == []
