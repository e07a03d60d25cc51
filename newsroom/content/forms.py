"""The admin form of pages that refer to snippets: only snippets in the page's own language.

Topics, co-signatories, organisers and the issuing organisation are translatable snippets,
one row per language. An English page tagged with an Arabic topic would show Arabic on the
English site (and sync the wrong way), so the form offers, and accepts, only the snippets of
the page's locale (for a new page, its parent's). Translations get the translated snippets
from the sync (newsroom.editorial.sync.localise_relations), not from this form.
"""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.widgets import AdminSnippetChooser

OTHER_LANGUAGE = _("Choose from the list: it holds the items in this page's language only.")


class LocaleSnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser, opening on the snippets of one locale."""

    def __init__(self, model=None, locale=None, **kwargs):
        self.locale = locale
        super().__init__(model=model, **kwargs)

    def get_chooser_modal_url(self):
        url = super().get_chooser_modal_url()
        if self.locale is None:
            return url
        return f"{url}?{urlencode({'locale': self.locale.language_code})}"


class SameLocalePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = self.page_locale()
        if locale is None:
            return
        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is None or not issubclass(model, TranslatableMixin):
                continue
            if issubclass(model, Page):
                continue  # page choosers link across languages on purpose
            if isinstance(field, forms.ModelMultipleChoiceField):
                # A handful of topics or organisations: a checkbox each, no Ctrl-click.
                field.widget = forms.CheckboxSelectMultiple()
                # A page copied from the other language still points at its snippets:
                # tick their translations, so saving does not silently drop them.
                self.initial[name] = in_locale(self.initial.get(name), model, locale)
            elif isinstance(field.widget, AdminSnippetChooser):
                field.widget = LocaleSnippetChooser(model=model, locale=locale)
            field.queryset = field.queryset.filter(locale=locale)
            field.error_messages["invalid_choice"] = OTHER_LANGUAGE

    def page_locale(self):
        if self.instance.locale_id is not None:
            return self.instance.locale
        if self.parent_page is not None:
            return self.parent_page.locale
        return None


def in_locale(chosen, model, locale):
    """The versions in ``locale`` of the ``chosen`` snippets (those that have one)."""
    if not chosen:
        return chosen
    keys = [obj.translation_key for obj in chosen]
    return list(model.objects.filter(translation_key__in=keys, locale=locale))
