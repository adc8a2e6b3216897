"""Views of « Mieux prendre en charge », one module per area; each exports its ``urlpatterns``."""
