from django.db import models


class DemoStep(models.Model):
    """A part of the demo data that has been loaded, so ``seed_demo`` can be re-run."""

    name = models.CharField(max_length=100, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
