"""Writes test/fixtures/vader-crosscheck.jsonl: varied sentences scored by the reference vaderSentiment.

Run with the private venv:  ../../.tessera/social-venv/bin/python scripts/make_crosscheck_corpus.py
The sentences are seeded-random compositions that exercise every rule (negation, boosters, "but",
caps, punctuation, emoticons, emoji, idioms, "least", "kind of", "no"), plus hand-written ones.
"""
import json, random, pathlib
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

rng = random.Random(8)
subjects = ["The movie", "This phone", "My day", "The service", "Our trip", "The food", "This update", "Customer support", "the ending", "Her song"]
verbs = ["was", "is", "seems", "felt", "looks", "isn't", "was not", "never was", "is hardly", "is kinda"]
boosters = ["", "", "very ", "extremely ", "slightly ", "kind of ", "sort of ", "really ", "barely ", "SO ", "totally ", "somewhat "]
adjectives = ["good", "great", "bad", "terrible", "awesome", "boring", "amazing", "horrible", "fine", "ok", "funny",
              "sad", "happy", "GOOD", "BAD", "AWFUL", "love-worthy", "ugly", "nice", "useless", "perfect", "meh"]
tails = ["", ".", "!", "!!", "!!!!!", "?", "??", "????", " :)", " :(", " :D", " lol", " 😁", " 💔", " 😡", " ❤️", " 👍", " smh", " wtf", " <3"]
contrasts = ["", "", "", " but the price was {adj}", " but I {feel} it", ", but honestly it was {adj}", " and the staff were {adj}", ", nor {adj}"]
feels = ["love", "hate", "like", "don't like", "can't stand", "adore", "despise"]

def sentence():
    adj = rng.choice(adjectives)
    s = f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(boosters)}{adj}"
    c = rng.choice(contrasts)
    s += c.format(adj=rng.choice(adjectives), feel=rng.choice(feels))
    s += rng.choice(tails)
    if rng.random() < 0.1:
        s = s.upper()
    return s

handwritten = [
    "No good deed goes unpunished.", "There is no problem at all.", "no", "No, no, no!", "I have no love or hope left",
    "That was the shit!", "this is the bomb", "yeah right, like that will work", "a kiss of death for the project",
    "pizza to die for", "at the bus stop", "beating heart of the city", "He is at least honest.", "the least bad option",
    "very least helpful thing ever", "It was kind of ok", "sort of great, sort of awful", "just enough good stuff",
    "Never so happy!", "never this bad", "Without a doubt the worst.", "Without doubt great", "I am not at all happy",
    "I don't think it's bad", "I couldn't be happier", "wasn't great but wasn't awful", "but", "but good",
    "good but good but good", "great great but great", "It is GREAT", "IT IS GREAT", "great", "GREAT!!!",
    "what???", "really???", "Why is it so bad????", "I love it?!", "😂😂😂", "💯", "I ❤️ this", "sad 😢 but ok",
    ":-)", ":-(", ";)", "xD", "<3 <3 <3", ":/", "", "   ", "!!!", "ok.", "OK!", "meh...", "lol!!", "LMAO",
    "This is not the worst, but not good either.", "Despite the hype, it was good.", "rarely good", "seldom bad",
    "nothing bad happened", "nowhere near good", "uh-uh, not happy", "I ain't mad", "nope, hate it",
    "The acting was superb; the plot, however, was dull.", "Best. Purchase. Ever.", "Worst purchase EVER!!!",
    "I'm not sure if I like it or hate it", "Thanks so much for the help!", "thank you", "I'm so sorry for your loss",
    "fucking amazing", "FUCKING AMAZING", "effing terrible", "hella good", "uber cool", "friggin awesome",
    "It isn't horrible, it's kinda nice", "Could have been better.", "could not have been better",
    "The first half was boring but the second half was AMAZING!!", "Don't waste your money.", "Totally worth it!!",
    "I wouldn't recommend it to anyone.", "Five stars, would buy again :)", "One star. Broke after a day :(",
    "hardly awful", "almost perfect", "marginally better", "less bad than expected", "a little sad",
    "The Good, the Bad and the Ugly", "happy happy joy joy", "no no no no good", "not not good",
    "I 💘 you", "😁😁 happy days", "Smart, handsome, and funny", "smart,handsome,funny", "good-ish",
    "Tears of joy 😂 but also 😭", "that's sick!", "sick of it", "killer app", "it kills me", "dead tired",
]
sentences = [sentence() for _ in range(340)] + handwritten
a = SentimentIntensityAnalyzer()
out = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "vader-crosscheck.jsonl"
with out.open("w", encoding="utf-8") as f:
    for s in sentences:
        f.write(json.dumps({"text": s, **a.polarity_scores(s)}, ensure_ascii=False) + "\n")
print(f"wrote {len(sentences)} sentences to {out}")
