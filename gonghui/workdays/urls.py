from django.urls import path

from gonghui.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar_index, name="index"),
    path("<int:year>/", views.calendar_year_page, name="year"),
    path("<int:year>/days/set/", views.calendar_day_set_view, name="day_set"),
    path("<int:year>/days/clear/", views.calendar_day_clear_view, name="day_clear"),
]
