"""What the API views share."""


def membership_of(request):
    """The membership that TenancyMiddleware put on the request. The OpenAPI schema generator
    builds views from a request that went through no middleware: no membership, and every
    `visible_to(None)` is empty."""
    return getattr(request, "membership", None)
