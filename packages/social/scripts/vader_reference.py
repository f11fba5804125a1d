"""Scores each stdin line with the reference vaderSentiment and prints one JSON object per line.

Used by the cross-check test; needs the private venv (../../.tessera/social-venv) with vaderSentiment.
"""
import json, sys
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

analyzer = SentimentIntensityAnalyzer()
for line in sys.stdin.read().split("\n"):
    print(json.dumps({"text": line, **analyzer.polarity_scores(line)}, ensure_ascii=False))
