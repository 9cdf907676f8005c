# Dialogue Desk — русский. Цитаты из библиотеки не переводятся: они приводятся в оригинале на английском.

## Command menu (setMyCommands per language)
cmd-start = Что есть в библиотеке, с примерами вопросов
cmd-help = Как спрашивать и все команды
cmd-ask = Задать вопрос: /ask <вопрос>
cmd-timeline = События по датам: /timeline [год, период или страна]
cmd-figures = Цифры и суммы: /figures [фильтр]
cmd-sources = Статьи библиотеки
cmd-about = Как составляются ответы
cmd-cancel = Отменить то, чего я жду
cmd-language = Сменить язык: English, Русский, Oʻzbekcha
cmd-group-ask = Спросить библиотеку: /ask <вопрос>
cmd-group-timeline = События по датам: /timeline [фильтр]
cmd-group-figures = Цифры и суммы: /figures [фильтр]
cmd-group-sources = Статьи библиотеки
cmd-group-help = Как пользоваться мной в группе

## Start, help, about
start-intro =
    Я отвечаю на вопросы об отношениях Центральной Азии и Японии цитатами из { $articles ->
        [one] { $articles } статьи
       *[other] { $articles } статей
    } — каждая с источником. Спрашивайте по-английски, по-русски или по-узбекски.
start-examples = Например:
help-text =
    В личном чате просто отправьте вопрос — по-русски, по-узбекски или по-английски. /ask <вопрос> работает везде.
    В группах: /ask@{ $me } <вопрос>, упоминание @{ $me } <вопрос> или ответ на одно из моих сообщений (уточняющий вопрос). В остальное время я молчу.
    В любом чате: наберите @{ $me } <вопрос>, чтобы поделиться ответом (встроенный режим).

    Под ответом: 📄 [n] — весь фрагмент за цитатой · ➕ ещё фрагменты · 📚 источники.

    /timeline [фильтр] — события по датам, от ранних к поздним; год (2019), период (2019-2022) или страна (/timeline Казахстан)
    /figures [фильтр] — суммы и цифры, например /figures торговля
    /sources — статьи библиотеки
    /about — как составляются ответы
    /language — English, Русский, Oʻzbekcha
    /cancel — отменить то, чего я жду
help-group = В группе упомяните меня или используйте /ask <вопрос>.
about-text = Каждый ответ — дословная цитата из статей библиотеки (статей: { $articles }) с названием, изданием и датой источника. Ничего не сочиняется, не пересказывается и не переводится: цитаты приводятся в оригинале на английском. Если ни одна статья не отвечает на вопрос, я так и говорю.
## Asking
text-ask-prompt-private = Что вы хотите узнать? Отправьте вопрос.
text-ask-prompt-group = О чём вы хотите спросить? Ответьте на это сообщение своим вопросом (или отправьте /cancel).
text-ask-as-text = Пожалуйста, отправьте вопрос текстом (или /cancel).
text-text-only = Я читаю только текст: отправьте вопрос сообщением, например «Когда начался диалог?»
text-ask-after-mention = Спросите меня после упоминания, например «@{ $username } когда начался диалог?»
text-too-long = Это длинное сообщение ({ $length } знаков). Пожалуйста, задайте один вопрос короче { $most } знаков.
text-unknown-command = Я не знаю такой команды. /help — список того, что я умею; или просто отправьте вопрос.
text-cancelled = Отменено.
text-nothing-to-cancel = Отменять нечего.
text-ask-placeholder = Ваш вопрос

## Answers
quote-original = оригинал, английский
sources-label = Источники:
more-passages = Ещё фрагменты ({ $from }–{ $to }):
more-passage = Ещё фрагменты ({ $from }):
no-more-passages = Других фрагментов нет.
decline = В библиотеке нет ничего об этом.
decline-why = Я цитирую только то, что написано в статьях, а ни одна из них на это не отвечает.
decline-hint = Наберите /sources, чтобы увидеть, что в ней есть, или /help — примеры вопросов.
coverage = В ней { $articles ->
        [one] { $articles } статья
        [few] { $articles } статьи
       *[many] { $articles } статей
    } об отношениях Центральной Азии и Японии: диалог «Центральная Азия + Япония», саммиты и встречи министров, торговля, помощь и инвестиции, люди и даты.
nothing-on = Ничего о «{ $query }» — попробуйте другие слова
text-passage-gone = Этого фрагмента больше нет в библиотеке.
text-passage-needs-chat = Откройте чат со мной, чтобы читать фрагменты целиком.

## Cards
card-entity = Кто или что
card-figure = Цифра
card-event = Событие
card-topic = Тема
card-date = Дата
card-value = Значение
card-measure = Показатель
card-period = Период
card-role = Должность
card-country = Страна
card-countries = Страны
card-sources = Источники: { $list }
card-conflict = ⚠️ Источники расходятся в поле «{ $field }»: { $claims }

## Timeline and figures
timeline-title = Хронология
timeline-count =
    { $count ->
        [one] { $count } событие
        [few] { $count } события
       *[many] { $count } событий
    }
timeline-intro = 🗓 В библиотеке событий с датами: { $count }. Выберите период или страну (или наберите /timeline 2019-2022, /timeline Узбекистан).
timeline-picked = 🗓 Выбрано: { $label }
timeline-all = Все события ({ $count })
timeline-empty = В библиотеке пока нет событий с датами.
timeline-empty-filter = По этому фильтру событий с датами нет.
figures-title = Цифры
figures-empty = В библиотеке пока нет цифр.
figures-empty-filter = По этому фильтру цифр нет.
sources-title =
    Библиотека: { $count ->
        [one] { $count } статья
        [few] { $count } статьи
       *[many] { $count } статей
    }
## Buttons
label-cancel = ✖ Отмена
label-sources = 📚 Источники
label-more = ➕ Ещё фрагменты
label-passage = 📄 [{ $n }]
label-all-events = Все события ({ $n })

## Language
language-prompt = Выберите язык моих ответов. Цитаты остаются в оригинале на английском.
language-set = Теперь я отвечаю по-русски.
language-name = Русский

## Errors
error-generic = Извините, при ответе у меня что-то пошло не так. Попробуйте ещё раз чуть позже.
error-storage = Извините, сейчас мне недоступно хранилище. Попробуйте ещё раз через минуту.
rate-limited = Вы присылаете вопросы быстрее, чем я успеваю отвечать. Подождите минуту и спросите снова.
text-unknown-button = Извините, я не знаю эту кнопку.
text-stale = Срок действия кнопки истёк. Спросите ещё раз.
button-expired-timeline = Срок действия кнопки истёк. Отправьте /timeline ещё раз.
reload-admin-only = Извините, /reload доступна только администраторам бота.
reload-running = Перезагрузка уже идёт; результат будет скоро.
reload-done = Библиотека перезагружена: статей сейчас { $articles } (было { $before }).
reload-refused = Перезагрузка отклонена: { $reason }. Работает прежняя библиотека (статей: { $serving }).

## The bot's own words (src/bot/texts.ts: TEXT.* as text-*, LABEL.* as label-*, names in kebab case)
text-not-a-question = Задайте мне вопрос словами, например «Когда был запущен диалог „Центральная Азия + Япония“?»
text-not-words = Задайте мне вопрос словами, например «Кто председательствовал на первом саммите лидеров?»
text-inline-keep-typing = Продолжайте печатать вопрос…
text-inline-nothing-yet = Пока цитаты нет: продолжайте печатать или попробуйте другие слова
label-back-to-answer = ◀ К ответу
label-back = ◀ Назад
label-next = Ещё ▶
label-prev-page = ◀ Предыдущие
label-next-page = Следующие ▶
label-all-figures = Все цифры ({ $n })
label-active = • { $label }

## Frame of answers and lists (src/render/telegram.ts)
smalltalk = Здравствуйте! Спрашивайте об отношениях Центральной Азии и Японии: я отвечаю цитатами из библиотеки, каждая с источником. /help — как спрашивать.
sources-heading = Источники
sources-of-answer = Источники этого ответа
by-author = автор: { $author }
passage-of = Фрагмент { $n } статьи
passage-bold = (цитата выделена жирным)
page-note = стр. { $k } из { $n }
shortened = (сокращено, чтобы уместиться в одно сообщение)
count = { $n }
start-title = Dialogue Desk
start-ask = Спрашивайте своими словами — по-русски, по-узбекски или по-английски. Если в библиотеке ничего нет, я так и скажу: без догадок.
start-ask-examples = Спрашивайте своими словами, например так, как в вопросах ниже, — по-русски, по-узбекски или по-английски. Если в библиотеке ничего нет, я так и скажу: без догадок.
start-group = В этой группе: /ask@{ $me } <вопрос> или упомяните @{ $me }.
help-title = Как спрашивать
about-title = О Dialogue Desk
language-current = Сейчас я отвечаю по-русски.

## Fact-card fields
card-field-name = Имя
card-field-type = Тип
card-field-role = Должность
card-field-also-described-as = Также упоминается как
card-field-author-of = Автор
card-field-country = Страна
card-field-countries = Страны
card-field-mentioned-with = Упоминается вместе с
card-field-people = Люди
card-field-event = Событие
card-field-events = События
card-field-figures = Цифры
card-field-period = Период
card-field-until = До
card-field-source = Источник
card-field-sources = Источники
card-field-reports = Сообщения
card-field-expected-earlier = Ожидалось раньше
card-field-in-numbers = В цифрах
card-field-key-events = Главные события
card-field-key-figures = Главные цифры
card-field-same-source-also-gives = Тот же источник также даёт
card-field-date = Дата
card-field-value = Значение
card-field-measure = Показатель
