"""The word a county's 情况汇报 calls it by."""

from __future__ import annotations

import pytest

from chalicelib.summaries.tally import jurisdiction_of


@pytest.mark.parametrize(
    ("county", "setting", "word"),
    [
        ("北湖区", None, "全区"),
        ("临安市", None, "全市"),
        ("科尔沁左翼中旗", None, "全旗"),
        ("长兴县", None, "全县"),
        ("本县", None, "全县"),
        ("某某经济开发区管委会", None, "全县"),  # a name that says no kind: the usual word
        ("北湖区", "全市", "全市"),  # the office's setting overrides the name
    ],
)
def test_the_word_comes_from_the_name_or_the_setting(county: str, setting: str | None, word: str) -> None:
    assert jurisdiction_of(county, setting) == word
