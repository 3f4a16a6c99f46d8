"""Member portal URLs of knowledge quizzes (namespace ``contests_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.contests.quiz import portal_views

urlpatterns: list[URLPattern] = [
    path("contests/quiz/", portal_views.my_quizzes, name="quiz_home"),
    path("contests/quiz/<int:quiz_id>/", portal_views.my_quiz, name="quiz_mine"),
    path("contests/quiz/<int:quiz_id>/start/", portal_views.quiz_start, name="quiz_start"),
    path("contests/quiz/attempts/<int:attempt_id>/", portal_views.quiz_attempt, name="quiz_attempt"),
]
