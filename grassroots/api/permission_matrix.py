from grassroots.core.testing.matrix import ALL, Route, allow

# The API description is public: it documents the API, not the data.
ROUTES = [
    Route("api:openapi-json", allow(ALL), anon=200, public=True),
    Route("api:openapi-view", allow(ALL), anon=200, public=True),
    Route("api:api-root", allow(ALL, 404), anon=404, public=True),  # nothing at the bare prefix
]
