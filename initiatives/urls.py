from django.urls import path

from initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("<slug:slug>/", views.initiative_detail, name="detail"),
]
