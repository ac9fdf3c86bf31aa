import codecs
import os

import pytest

from marsad.ingest.decode import decode_bytes
from marsad.parse.errors import ParseError

ARABIC = "وزير الدفاع الإسرائيلي لبلينكن: علينا حل الخلافات بيننا بسرعة"


@pytest.mark.parametrize(
    "data",
    [
        ARABIC.encode("utf-8"),
        codecs.BOM_UTF8 + ARABIC.encode("utf-8"),
        ARABIC.encode("utf-16"),  # with BOM
        ARABIC.encode("utf-16-le"),
        ARABIC.encode("utf-16-be"),
        ARABIC.encode("cp1256"),
        ARABIC.encode("iso8859_6"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "cp1256", "iso8859-6"],
)
def test_every_arabic_encoding_decodes_to_the_same_text(data):
    assert decode_bytes(data) == ARABIC


def test_mojibake_is_repaired_not_stored():
    mojibake = ARABIC.encode("utf-8").decode("latin-1").encode("utf-8")
    assert decode_bytes(mojibake) == ARABIC


def test_latin1_western_text_is_not_read_as_arabic():
    assert decode_bytes("Café crème brûlée à la française".encode("latin-1")) == "Café crème brûlée à la française"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(200), "binary"),
        (b"%PDF-1.7\n" + os.urandom(200), "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_refusals_carry_a_reason(data, reason):
    with pytest.raises(ParseError) as caught:
        decode_bytes(data)
    assert caught.value.reason == reason
