from grassroots.core.testing.matrix import ALL, Route, allow

ROUTES = [
    Route("portal:home", allow(ALL), anon=200, public=True),
]
