# Dialogue Desk — English. Every key here exists in ru.ftl and uz.ftl too (tests/i18n.test.ts checks it).
# Quotes from the library are never translated: they are shown in their original English.

## Command menu (setMyCommands per language)
cmd-start = What the library knows, with example questions
cmd-help = How to ask, and every command
cmd-ask = Ask a question: /ask <question>
cmd-timeline = Dated events: /timeline [year, range or country]
cmd-figures = Figures and amounts: /figures [filter]
cmd-sources = The articles in the library
cmd-about = How the answers are made
cmd-cancel = Cancel what I am waiting for
cmd-language = Change the language: English, Русский, Oʻzbekcha
cmd-group-ask = Ask the library: /ask <question>
cmd-group-timeline = Dated events: /timeline [filter]
cmd-group-figures = Figures and amounts: /figures [filter]
cmd-group-sources = The articles in the library
cmd-group-help = How to use me in a group

## Start, help, about
start-intro =
    I answer questions about Central Asia–Japan relations with quotes from { $articles ->
        [one] one article
       *[other] { $articles } articles
    }, each with its source. Ask in English, Russian or Uzbek.
start-examples = For example:
help-text =
    Private chat: just send a question, in English, Russian or Uzbek. /ask <question> works everywhere.
    Groups: /ask@{ $me } <question>, a mention @{ $me } <question>, or a reply to one of my answers (a follow-up). I stay quiet otherwise.
    Any chat: type @{ $me } <question> to share an answer (inline mode).

    Under an answer: 📄 [n] the full passage behind a citation · ➕ more passages · 📚 the sources.

    /timeline [filter] — dated events, oldest first; a year (2019), a range (2019-2022) or a country
    /figures [filter] — amounts and numbers, e.g. /figures trade
    /sources — the articles in the library
    /about — how the answers are made
    /language — English, Русский, Oʻzbekcha
    /cancel — stop what I am waiting for
help-group = In a group, mention me or use /ask <question>.
about-text = Every answer is quoted word for word (verbatim) from the articles in the library ({ $articles } articles), with the title, publication and date of its source. Nothing is generated, paraphrased or translated: the quotes stay in their original English. When no article answers a question, the reply says the library has nothing on it.
## Asking
text-ask-prompt-private = What would you like to know? Send your question.
text-ask-prompt-group = What would you like to ask? Reply to this message with your question (or send /cancel).
text-ask-as-text = Please send the question as text (or /cancel).
text-text-only = I read text only: send your question as a message, e.g. “When did the dialogue start?”
text-ask-after-mention = Ask me after the mention, e.g. “@{ $username } when did the dialogue start?”
text-too-long = That is a long message ({ $length } characters). Please ask one question, in under { $most } characters.
text-unknown-command = I do not know that command. /help lists what I can do; or just send a question.
text-cancelled = Cancelled.
text-nothing-to-cancel = Nothing to cancel.
text-ask-placeholder = Your question

## Answers
quote-original = original, English
sources-label = Sources:
more-passages = More passages ({ $from }–{ $to }):
more-passage = More passages ({ $from }):
no-more-passages = No further passages.
decline = The library has nothing on this.
decline-why = It quotes only what its articles say, and none of them answers that.
decline-hint = Try /sources to see what it covers, or /help for examples.
coverage = It covers Central Asia–Japan relations in { $articles } articles: the Central Asia + Japan Dialogue, summits and ministerial meetings, trade, aid and investment, people and dates.
nothing-on = Nothing on “{ $query }” — try other words
text-passage-gone = That passage is no longer in the library.
text-passage-needs-chat = Open a chat with me to read whole passages.

## Cards
card-entity = Who or what
card-figure = Figure
card-event = Event
card-topic = Topic
card-date = Date
card-value = Value
card-measure = Measure
card-period = Period
card-role = Role
card-country = Country
card-countries = Countries
card-sources = Sources: { $list }
card-conflict = ⚠️ Sources differ on { $field }: { $claims }

## Timeline and figures
timeline-title = Timeline
timeline-count =
    { $count ->
        [one] one event
       *[other] { $count } events
    }
timeline-intro = 🗓 The library has { $count } dated events. Pick a period or a country (or type /timeline 2019-2022, /timeline Uzbekistan).
timeline-picked = 🗓 Picked: { $label }
timeline-all = All { $count } events
timeline-empty = The library has no dated events yet.
timeline-empty-filter = The library has no dated events for that filter.
figures-title = Figures
figures-empty = The library has no figures yet.
figures-empty-filter = The library has no figures for that filter.
sources-title =
    The library: { $count ->
        [one] one article
       *[other] { $count } articles
    }
## Buttons
label-cancel = ✖ Cancel
label-sources = 📚 Sources
label-more = ➕ More passages
label-passage = 📄 [{ $n }]
label-all-events = All { $n } events

## Language
language-prompt = Choose the language of my replies. Quotes stay in their original English.
language-set = Replies are now in English.
language-name = English

## Errors
error-generic = Sorry, something went wrong on my side while answering. Please try again in a moment.
error-storage = Sorry, I cannot reach my memory store right now. Please try again in a minute.
rate-limited = You are sending questions faster than I can answer them. Please wait a minute, then ask again.
text-unknown-button = Sorry, I do not recognise that button.
text-stale = This button has expired. Please ask again.
button-expired-timeline = This button has expired. Send /timeline again.
reload-admin-only = Sorry, /reload is only for the administrators of this bot.
reload-running = A reload is already running; its result follows shortly.
reload-done = Library reloaded: { $articles } articles now serving (before: { $before }).
reload-refused = Reload refused: { $reason }. Still serving the previous library ({ $serving } articles).

## The bot's own words (src/bot/texts.ts: TEXT.* as text-*, LABEL.* as label-*, names in kebab case)
text-not-a-question = Send me a question in words, e.g. “When was the Central Asia + Japan dialogue launched?”
text-not-words = Send me a question in words, e.g. “Who chaired the first leaders’ summit?”
text-inline-keep-typing = Keep typing your question…
text-inline-nothing-yet = No quote for this yet: keep typing, or try other words
label-back-to-answer = ◀ Answer
label-back = ◀ Back
label-next = More ▶
label-prev-page = ◀ Previous
label-next-page = Next ▶
label-all-figures = All { $n } figures
label-active = • { $label }

## Frame of answers and lists (src/render/telegram.ts)
smalltalk = Hello! Ask me anything about Central Asia–Japan relations: I answer with quotes from the library, each with its source. /help shows how.
sources-heading = Sources
sources-of-answer = Sources of this answer
by-author = by { $author }
passage-of = Passage { $n } of the article
passage-bold = (the quote in bold)
page-note = page { $k } of { $n }
shortened = (shortened to fit one message)
count = { $n }
start-title = Dialogue Desk
start-ask = Ask anything in your own words, in English, Russian or Uzbek. If the library has nothing on it, I say so: no guessing.
start-ask-examples = Ask anything in your own words, e.g. the questions below, in English, Russian or Uzbek. If the library has nothing on it, I say so: no guessing.
start-group = In this group: /ask@{ $me } <question>, or mention @{ $me }.
help-title = How to ask
about-title = About Dialogue Desk
language-current = Replies are in English now.

## Fact-card fields (src/answer/cards.ts names them; src/render/card-fields.ts maps them here)
card-field-name = Name
card-field-type = Type
card-field-role = Role
card-field-also-described-as = Also described as
card-field-author-of = Author of
card-field-country = Country
card-field-countries = Countries
card-field-mentioned-with = Mentioned with
card-field-people = People
card-field-event = Event
card-field-events = Events
card-field-figures = Figures
card-field-period = Period
card-field-until = Until
card-field-source = Source
card-field-sources = Sources
card-field-reports = Reports
card-field-expected-earlier = Expected earlier
card-field-in-numbers = In numbers
card-field-key-events = Key events
card-field-key-figures = Key figures
card-field-same-source-also-gives = Same source also gives
card-field-date = Date
card-field-value = Value
card-field-measure = Measure
