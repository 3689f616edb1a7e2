from django.urls import path

from initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("initiativen/", views.initiative_list, name="list"),
    path("initiativen/<slug:slug>/", views.initiative_detail, name="detail"),
]
