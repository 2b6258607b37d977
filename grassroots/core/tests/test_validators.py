import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from grassroots.core import crypto
from grassroots.core.pinyin import pinyin_keys
from grassroots.core.testing.factories import id_number
from grassroots.core.validators import mask_id_number, mask_mobile, parse_id_number, validate_mobile


def test_valid_id_number_gives_birth_date_and_sex():
    number = id_number(dt.date(1980, 5, 1), female=True, serial=12)
    info = parse_id_number(number)
    assert info.birth_date == dt.date(1980, 5, 1)
    assert info.sex == "female"
    assert info.region_code == "421224"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("42122419800501001", "应为18位"),
        ("4212241980050A0011", "格式不正确"),
        (
            id_number(dt.date(1980, 1, 1), serial=1)[:10]
            + "1301"
            + id_number(dt.date(1980, 1, 1), serial=1)[14:],
            None,
        ),
    ],
)
def test_malformed_id_numbers_say_what_is_wrong(value, message):
    with pytest.raises(ValidationError) as exc:
        parse_id_number(value)
    assert (message or "") in exc.value.messages[0]


def test_impossible_birth_date_is_named():
    body = "42122419801301001"  # month 13
    from stdnum.cn import ric

    with pytest.raises(ValidationError) as exc:
        parse_id_number(body + ric.calc_check_digit(body + "0"))
    assert "出生日期无效" in exc.value.messages[0]


def test_unknown_region_code_is_named():
    body = "99999919800101001"
    from stdnum.cn import ric

    with pytest.raises(ValidationError) as exc:
        parse_id_number(body + ric.calc_check_digit(body + "0"))
    assert "地区代码" in exc.value.messages[0]


def test_wrong_check_digit_is_refused():
    number = id_number(dt.date(1990, 1, 2), serial=3)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        parse_id_number(wrong)
    assert "校验码错误" in exc.value.messages[0]


@given(
    st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2008, 12, 31)),
    st.booleans(),
    st.integers(0, 400),
)
def test_generated_numbers_round_trip(birth, female, serial):
    info = parse_id_number(id_number(birth, female=female, serial=serial))
    assert info.birth_date == birth
    assert info.sex == ("female" if female else "male")


def test_masking():
    assert mask_id_number("420224198005011234") == "420224********1234"
    assert mask_mobile("13907151234") == "139****1234"


def test_mobile_format():
    validate_mobile("13907151234")
    for bad in ("1390715123", "23907151234", "139-0715-1234"):
        with pytest.raises(ValidationError):
            validate_mobile(bad)


def test_encryption_round_trip_and_lookup_hash():
    token = crypto.encrypt("420224198005011234")
    assert "420224" not in token
    assert crypto.decrypt(token) == "420224198005011234"
    assert crypto.lookup_hash("420224198005011234") == crypto.lookup_hash(" 420224198005011234 ")
    assert crypto.lookup_hash("42022419800501123x") == crypto.lookup_hash("42022419800501123X")


def test_pinyin_keys():
    assert pinyin_keys("张三") == ("zhangsan", "zs")
    assert pinyin_keys("通羊镇") == ("tongyangzhen", "tyz")
