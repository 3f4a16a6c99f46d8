from django.urls import path

from gonghui.review import views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/act/", views.case_act, name="case_act"),
    path("cases/<int:case_id>/objections/new/", views.objection_new, name="objection_new"),
    path("objections/<int:objection_id>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("processes/", views.process_list, name="process_list"),
    path("processes/<int:process_id>/", views.process_detail, name="process_detail"),
]
