from django.contrib.auth import get_user_model, login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import include, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from .claims import directory


@csrf_exempt
def sign_in(request: HttpRequest) -> HttpResponse:
    """The provider's own sign-in: anyone the tests put in the directory, by name."""
    if request.method != "POST":
        return HttpResponse('<form method="post"><input name="username"></form>')
    username = request.POST.get("username", "")
    if username not in directory():
        return HttpResponseBadRequest("unknown person")
    user, _ = get_user_model().objects.get_or_create(username=username)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        next_url = "/"
    return HttpResponseRedirect(next_url)


urlpatterns = [
    path("login/", sign_in),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
