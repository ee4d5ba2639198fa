"""Documents for the tests: a short plan, and big ones generated (never committed)."""

from __future__ import annotations

from itertools import islice

DIGITS = "零一二三四五六七八九"

# A short plan with two levels of numbering and three duty tags.
PLAN = """关于加强基层医疗卫生服务能力建设的通知

各区人民政府，市政府各委、办、局：

一、总体要求

（一）指导思想。坚持以人民健康为中心，加快推进基层医疗卫生服务体系建设。

（二）工作目标。到2025年，基层医疗卫生服务能力明显提升。（卫生健康委、财政部负责）

二、重点任务

（一）完善服务网络。推进社区卫生服务中心标准化建设。（发展改革委牵头，卫生健康委配合）

（二）加强人才队伍。落实基层卫生人才培养政策。（教育部、人力资源社会保障部按职责分工负责）
"""
PLAN_IDS = ["doc", "1", "1.1", "1.2", "2", "2.1", "2.2"]


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
