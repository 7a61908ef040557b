"""What the administrators' account forms take (marshmallow): shape only. The rules
(identifiers, territories, titles, passwords) are the domain's and the tracker's, which
answer in the same ``{"field": ["message"]}`` shape, so the CLI and the pages say the same."""

from __future__ import annotations

from web.schemas import InputSchema, Text


class CreateAccountSchema(InputSchema):
    username = Text(required=True)
    display_name = Text(load_default="")
    role = Text(required=True)
    commune = Text(load_default=None)
    region = Text(load_default=None)
    title = Text(load_default=None)


class RoleSchema(InputSchema):
    role = Text(required=True)
    commune = Text(load_default=None)
    region = Text(load_default=None)


class TitleSchema(InputSchema):
    # Empty: the role's own label is shown again.
    title = Text(load_default=None)


def territory_choices(reference) -> dict:
    """Communes by region (for a secretary's select) and regions, by name."""
    regions = dict(sorted(reference.regions.items(), key=lambda item: item[1]))
    communes = {slug: sorted(((c.slug, c.name) for c in reference.communes_of(slug)),
                             key=lambda pair: pair[1])
                for slug in regions}
    return {"regions": regions, "communes_by_region": communes}
