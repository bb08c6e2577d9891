"""A member's topics in their data export, and what deleting the account does to
them (registered with ``members.contributions`` when the app is ready)."""

from members.contributions import Contribution, register

from . import member_data


def register_contributions() -> None:
    register(
        Contribution(name="topics", export=member_data.export, erase=member_data.delete)
    )
