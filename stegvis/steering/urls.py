from django.urls import path

from stegvis.steering import views

app_name = "steering"

urlpatterns = [
    path("<slug:code>/styrgrupp/", views.report_list, name="list"),
    path("<slug:code>/styrgrupp/<int:pk>/", views.report_detail, name="detail"),
    path("<slug:code>/styrgrupp/<int:pk>/styrgruppsrapport.docx", views.report_docx, name="docx"),
]
