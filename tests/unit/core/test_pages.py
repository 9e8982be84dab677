"""_core/pages.py: every page is read (the paginator is driven to the end), a page without the key adds nothing."""

from ansible_collections.baseline.iam.plugins.module_utils._core.pages import items


class Paginator:
    def __init__(self, pages):
        self.pages, self.arguments = pages, None

    def paginate(self, **arguments):
        self.arguments = arguments
        yield from self.pages


class Client:
    def __init__(self, pages):
        self.paginator = Paginator(pages)

    def get_paginator(self, operation):
        self.operation = operation
        return self.paginator


def test_items_of_every_page_in_order():
    client = Client([{"Roles": [1, 2], "IsTruncated": True}, {"IsTruncated": True}, {"Roles": [3]}])
    assert items(client, "list_roles", "Roles", PathPrefix="/svc/") == [1, 2, 3]
    assert client.operation == "list_roles" and client.paginator.arguments == {"PathPrefix": "/svc/"}
