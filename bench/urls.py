"""The benchmark's URLs, mounted by civicportal/urls.py only while the app is installed."""

from django.urls import path

from bench import views

urlpatterns = [path("bench/leer/", views.empty, name="bench_empty")]
