"""The example plugin of docs/plugins.md: one rule, applied by the engine to Hunan reports only."""

from govdisclosure.ast import walk
from govdisclosure.hookspecs import hookimpl
from govdisclosure.rules import Finding, ReportContext, rule


@rule(
    code="EX101", name="overview-new-media", family="compliance", severity="info",
    regions=("43",),
    message="“{section}”没有提到政务新媒体",
    message_en="“{section}” does not mention government new media",
    summary="总体情况提到政务新媒体（示例：湖南的要求）",
)
def check_new_media(context: ReportContext):
    """The overview says nothing of 政务新媒体 (a provincial office asks every report to)."""
    overview = context.registry.section(context.report, "overview")  # by its role (data/sections.toml)
    if overview is None:
        return
    text = "".join(getattr(node, "text", "") for node in walk(overview))
    if "新媒体" not in text:
        yield Finding({"section": overview.marker + overview.title}, span=overview.span, key="new-media")


@hookimpl
def govdisclosure_rules():
    return [check_new_media]
