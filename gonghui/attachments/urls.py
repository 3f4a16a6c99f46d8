from django.urls import path

from gonghui.attachments import views

app_name = "attachments"
urlpatterns = [
    path("<int:attachment_id>/", views.attachment_file, name="file"),
    path("<int:attachment_id>/remove/", views.attachment_remove, name="remove"),
]
