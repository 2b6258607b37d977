from django.test import RequestFactory

from grassroots.core.middleware import client_ip


def _request(forwarded=None, remote="192.0.2.10"):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("6.6.6.6")) == "192.0.2.10"


def test_one_proxy_trusts_only_the_entry_it_added(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged "6.6.6.6"; the proxy appended the address it really saw.
    assert client_ip(_request("6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request("203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request()) == "192.0.2.10"


def test_two_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("6.6.6.6, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"
    assert client_ip(_request("203.0.113.7")) == "203.0.113.7"  # fewer hops than proxies


def test_garbage_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("not-an-ip")) == "192.0.2.10"
