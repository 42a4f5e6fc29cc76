"""Sample files built at test time: every supported type, and the hostile ones."""

from __future__ import annotations

import io
import os
import zipfile

PHOTOSYNTHESIS = (
    "Photosynthesis is the process by which green plants use sunlight to turn water and carbon "
    "dioxide into glucose. Chlorophyll in the leaves absorbs the light, and oxygen is released "
    "into the air as a by-product of the reaction."
)
VOLCANO = (
    "A volcano erupts when molten rock called magma rises through cracks in the crust. Lava, "
    "ash and gases pour out of the vent, and the ash cloud can ground aircraft for days."
)
BREAD = (
    "Knead the dough for ten minutes until it is smooth and elastic, then let it rise in a warm "
    "place until it has doubled in size. Bake it in a hot oven until the crust is golden."
)
MARATHON = (
    "Training for a marathon means running many miles every week, with one long slow run each "
    "weekend and rest days so the muscles can recover before race day."
)
PRINTING = (
    "Johannes Gutenberg built a printing press with movable metal type around 1440 in Mainz, "
    "and books became cheap enough for ordinary people to own."
)
RARE_TERM = "zorbluxite"
RARE_SENTENCE = f"The warehouse code for the spare gaskets is {RARE_TERM}, kept on shelf nine."


def text_file() -> bytes:
    return (PHOTOSYNTHESIS + "\n\n" + "Plants also need minerals from the soil.\n").encode()


def markdown_file() -> bytes:
    return (
        "# Baking at home\n\nA short guide.\n\n## Bread\n\n"
        + BREAD
        + "\n\n## Storage\n\n"
        + RARE_SENTENCE
        + "\n\n- keep it dry\n- keep it cool\n"
    ).encode()


def html_file() -> bytes:
    return (
        "<!DOCTYPE html><html><head><title>Geology</title><style>p{color:red}</style>"
        "<script>var secretScriptWord = 'scriptonly';</script></head><body>"
        "<h1>Geology</h1><h2>Volcanoes</h2><p>" + VOLCANO + "</p>"
        "<h2>Rocks</h2><p>Granite is an igneous rock that cools slowly underground.</p>"
        "</body></html>"
    ).encode()


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_file(pages: list[list[str]] | None = None) -> bytes:
    """A real PDF (Helvetica text, one content stream per page) written by hand."""
    pages = pages or [
        ["The history of printing.", PRINTING[:90], PRINTING[90:]],
        ["Page two talks about paper.", "Paper was made from rags before wood pulp."],
    ]
    objects: list[bytes] = []
    font_id = 3
    page_ids = []
    contents = []
    next_id = 4
    for lines in pages:
        operators = " ".join(f"({_pdf_escape(line)}) Tj T*" for line in lines)
        text_ops = f"BT /F1 12 Tf 50 750 Td 14 TL {operators} ET"
        contents.append((next_id, next_id + 1, text_ops.encode("latin-1")))
        page_ids.append(next_id)
        next_id += 2
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for _page_id, content_id, stream in contents:
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def docx_file() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Running", level=1)
    document.add_heading("Marathon training", level=2)
    document.add_paragraph(MARATHON)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Week"
    table.cell(0, 1).text = "Miles"
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "20"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb_docx(expanded_bytes: int = 300 * 1024 * 1024) -> bytes:
    """A real docx plus one entry of zeros that expands to `expanded_bytes` (~0.1% compressed)."""
    source = zipfile.ZipFile(io.BytesIO(docx_file()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        block = b"\0" * (1024 * 1024)
        with bomb.open("word/media/padding.bin", "w", force_zip64=False) as entry:
            for _ in range(expanded_bytes // len(block)):
                entry.write(block)
    return buffer.getvalue()


def many_entries_docx(entries: int = 1500) -> bytes:
    """A real docx padded with many tiny entries."""
    source = zipfile.ZipFile(io.BytesIO(docx_file()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        for number in range(entries):
            archive.writestr(f"pad/item{number}.xml", b"<a/>")
    return buffer.getvalue()


def corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(1, 200)) * 20 + b"\n1 0 obj << /Broken"


def disguised_binary() -> bytes:
    """Random bytes with NULs, e.g. named `notes.txt`."""
    return os.urandom(2048) + b"\x00\x00\x00" + os.urandom(2048)


def png_file() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + os.urandom(64)


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def long_text(paragraphs: int = 30) -> bytes:
    """Enough distinct prose for many chunks (each paragraph is numbered so none repeat)."""
    topics = [PHOTOSYNTHESIS, VOLCANO, BREAD, MARATHON, PRINTING]
    return "\n\n".join(
        f"Section {n}. " + topics[n % len(topics)] for n in range(paragraphs)
    ).encode()
