"""Records (the frozen data classes of every stage) compare, hash and print as dataclasses do."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytool.model import Dept, Printed, Removed, record


@dataclasses.dataclass(frozen=True, slots=True)
class PlainDept:
    name: str
    raw: str
    known: bool
    current: str


@record
class One:
    value: str


@record
class Nothing:
    pass


depts = st.builds(Dept, st.text(max_size=3), st.text(max_size=3), st.booleans(), st.text(max_size=3))


@given(depts, depts)
def test_records_compare_and_hash_as_dataclasses_do(a, b):
    plain_a, plain_b = (PlainDept(*dataclasses.astuple(d)) for d in (a, b))
    assert (a == b) == (plain_a == plain_b)
    assert (a != b) == (plain_a != plain_b)
    if a == b:
        assert hash(a) == hash(b)
    assert repr(a) == repr(plain_a).replace("PlainDept", "Dept")


def test_a_record_is_frozen_and_works_with_the_dataclass_tools():
    r = Removed("责任编辑：张三", "editor")
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.text = "x"  # type: ignore[misc]
    assert dataclasses.replace(r, reason="chrome") == Removed("责任编辑：张三", "chrome")
    assert [f.name for f in dataclasses.fields(r)] == ["text", "reason"]
    assert pickle.loads(pickle.dumps(r)) == r
    assert not hasattr(r, "__dict__")  # slots: no per-object dict


def test_records_of_other_classes_or_sizes_compare_sensibly():
    assert Printed(by="国务院办公厅", date=None) != Removed("国务院办公厅", None)  # type: ignore[arg-type]
    assert One("a") == One("a") and One("a") != One("b") and hash(One("a")) == hash(One("a"))
    assert repr(One("a")) == "One(value='a')"
    assert Nothing() == Nothing() and hash(Nothing()) == hash(Nothing()) and repr(Nothing()) == "Nothing()"
    assert len({One("a"), One("a"), One("b")}) == 2


def test_a_failure_is_a_record_in_its_place():
    from policytool import Failure

    failure = Failure("missing.txt", "no such file")
    assert failure.to_dict() == {"path": "missing.txt", "error": "no such file"}
    same = Failure("missing.txt", "no such file")
    assert failure == same and hash(failure) == hash(same)
    with pytest.raises(AttributeError):
        failure.path = "other.txt"  # type: ignore[misc]
