"""A one-page PDF written by hand, for the tests of the PDF reader's limits: its content stream's
bytes are given already encoded, with the filters that decode them (outermost first)."""


def one_page_pdf(stream: bytes, filters: tuple[str, ...] = ("FlateDecode",), other: bytes | None = None,
                 other_filter: str = "FlateDecode") -> bytes:
    """`other`: the (encoded) data of one more stream, which nothing on the page uses (as a font
    program or an image is a stream the content only names)."""
    names = b" ".join(b"/" + name.encode() for name in filters)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter [%s] >>\nstream\n%s\nendstream" % (len(stream), names, stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if other is not None:
        objects.append(b"<< /Length %d /Filter /%s >>\nstream\n%s\nendstream" % (len(other), other_filter.encode(), other))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
