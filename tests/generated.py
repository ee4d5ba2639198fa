"""Documents generated for the tests of memory and of JSON output: big ones are never committed."""

from __future__ import annotations

from itertools import islice

DIGITS = "零一二三四五六七八九"


def cn(n: int) -> str:
    """Return 1–99 in Chinese numerals: 十一, 二十, 九十九."""
    tens, ones = divmod(n, 10)
    return (DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (DIGITS[ones] if ones or not tens else "")


def nested_clauses(count: int) -> str:
    """Return a plan of ``count`` one-line clauses, three levels deep: 一、 （一） 1."""

    def clauses():
        for section in range(1, 100):
            yield f"{cn(section)}、总体要求"
            for sub in range(1, 21):
                yield f"（{cn(sub)}）加强资金支持"
                for item in range(1, 501):
                    yield f"{item}. 加强培训。"

    return "关于加强基层医疗卫生服务能力建设的通知\n\n" + "".join(line + "\n" for line in islice(clauses(), count))
