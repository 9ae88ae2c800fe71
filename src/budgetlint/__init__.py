"""budgetlint: a consistency-audit linter for Chinese government budget disclosures."""

__version__ = "0.1.0"
