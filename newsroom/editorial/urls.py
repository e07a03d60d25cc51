"""Admin URLs, mounted by wagtail_hooks under /admin/editorial/ (namespace "editorial")."""

from django.urls import path

from . import views

urlpatterns = [
    path("translations/", views.ReportView.as_view(), name="report"),
    path("translations/page/<int:page_id>/", views.PageStatusView.as_view(), name="page"),
    path("translations/page/<int:page_id>/sync/", views.sync_view, name="sync"),
    path(
        "translations/page/<int:page_id>/review/<str:action>/",
        views.review_action,
        name="review",
    ),
    path(
        "translations/<int:translation_id>/submit-for-review/",
        views.submit_for_review,
        name="submit_for_review",
    ),
    path("translations/jobs/<int:job_id>/", views.JobView.as_view(), name="job"),
    path("translations/jobs/<int:job_id>/progress/", views.job_progress, name="job_progress"),
]
