from django.urls import reverse

from grassroots.core.navigation import registered_items


def test_every_menu_entry_points_at_a_route():
    for item in registered_items():
        assert reverse(item.url_name), item.key
