"""/organisation: who publishes the content, in each language (``newsroom.core.organisation``)."""

from ninja import Query, Router

from newsroom.core.organisation import profile_for

from ..content import LANGUAGE_CODES
from ..errors import ERROR_RESPONSES, reject_unknown_parameters
from ..freshness import mark
from ..links import absolute
from ..schemas import OrganisationFilter, OrganisationProfileList

router = Router(tags=["organisation"])


def profile_item(profile, language):
    logo = profile.logo
    return {
        "locale": language,
        "name": profile.name,
        "short_description": profile.short_description,
        "logo": logo and {"url": absolute(logo.url), "width": logo.width, "height": logo.height},
        "accent_colour": profile.accent_colour,
        "links": [{"kind": kind, "url": url} for kind, url in profile.links],
        "contact_email": profile.contact_email,
        "contact_address": list(profile.contact_address),
        "footer_text": profile.footer_text,
    }


@router.get(
    "/organisation",
    response={200: OrganisationProfileList, **ERROR_RESPONSES},
    summary="The publishing organisation",
    operation_id="get_organisation",
)
def get_organisation(request, filters: Query[OrganisationFilter]):
    """The organisation that publishes the site, in each language: its name, description,
    logo, accent colour, links and contact details. A language the profile is not yet
    translated into shows the default language's."""
    reject_unknown_parameters(request, OrganisationFilter)
    languages = [filters.locale] if filters.locale else LANGUAGE_CODES
    mark(request)
    return {"results": [profile_item(profile_for(code), code) for code in languages]}
