from django.urls import path

from models_catalog.views import AIModelListView

urlpatterns = [path("models", AIModelListView.as_view(), name="model-list")]
