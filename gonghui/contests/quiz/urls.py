"""Console URLs of knowledge quizzes (under the ``contests:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.contests.quiz import views

urlpatterns: list[URLPattern] = [
    path("quiz/bank/", views.bank, name="quiz_bank"),
    path("quiz/bank/new/", views.question_new, name="quiz_question_new"),
    path("quiz/", views.quiz_list, name="quiz_list"),
    path("quiz/new/", views.quiz_new, name="quiz_new"),
    path("quiz/<int:quiz_id>/", views.quiz_detail, name="quiz_detail"),
]
