# Dialogue Desk — oʻzbekcha (lotin). Kutubxonadan iqtiboslar tarjima qilinmaydi: ular asl ingliz tilida beriladi.

## Command menu (setMyCommands per language)
cmd-start = Kutubxonada nima bor, savol namunalari bilan
cmd-help = Qanday soʻrash va barcha buyruqlar
cmd-ask = Savol berish: /ask <savol>
cmd-timeline = Sanali voqealar: /timeline [yil, davr yoki mamlakat]
cmd-figures = Raqamlar va summalar: /figures [filtr]
cmd-sources = Kutubxonadagi maqolalar
cmd-about = Javoblar qanday tuziladi
cmd-cancel = Men kutayotgan narsani bekor qilish
cmd-language = Tilni oʻzgartirish: English, Русский, Oʻzbekcha
cmd-group-ask = Kutubxonadan soʻrash: /ask <savol>
cmd-group-timeline = Sanali voqealar: /timeline [filtr]
cmd-group-figures = Raqamlar va summalar: /figures [filtr]
cmd-group-sources = Kutubxonadagi maqolalar
cmd-group-help = Guruhda mendan qanday foydalanish

## Start, help, about
start-intro =
    Men Markaziy Osiyo – Yaponiya munosabatlari haqidagi savollarga { $articles } ta maqoladan iqtiboslar bilan javob beraman, har biri manbasi bilan. Ingliz, rus yoki oʻzbek tilida soʻrang.
start-examples = Masalan:
help-text =
    Shaxsiy chatda savolni yuboring — oʻzbek, rus yoki ingliz tilida. /ask <savol> hamma joyda ishlaydi.
    Guruhlarda: /ask@{ $me } <savol>, @{ $me } <savol> deb eslatish yoki javoblarimdan biriga javob (aniqlovchi savol). Boshqa paytda jim turaman.
    Istalgan chatda: javobni ulashish uchun @{ $me } <savol> deb yozing (inline rejim).

    Javob ostida: 📄 [n] — iqtibos olingan toʻliq parcha · ➕ yana parchalar · 📚 manbalar.

    /timeline [filtr] — sanali voqealar, eskisidan boshlab; yil (2019), davr (2019-2022) yoki mamlakat (/timeline Qozogʻiston)
    /figures [filtr] — summalar va raqamlar, masalan /figures savdo
    /sources — kutubxonadagi maqolalar
    /about — javoblar qanday tuziladi
    /language — English, Русский, Oʻzbekcha
    /cancel — men kutayotgan narsani bekor qilish
help-group = Guruhda meni eslating yoki /ask <savol> buyrugʻidan foydalaning.
about-text = Har bir javob kutubxonadagi maqolalardan ({ $articles } ta maqola) soʻzma-soʻz iqtibos boʻlib, manbaning nomi, nashri va sanasi koʻrsatiladi. Hech narsa toʻqib chiqarilmaydi, qayta aytilmaydi va tarjima qilinmaydi: iqtiboslar asl ingliz tilida qoladi. Hech bir maqola javob bermasa, shuni aytaman.
## Asking
text-ask-prompt-private = Nimani bilmoqchisiz? Savolingizni yuboring.
text-ask-prompt-group = Nima haqida soʻramoqchisiz? Bu xabarga savolingiz bilan javob bering (yoki /cancel yuboring).
text-ask-as-text = Iltimos, savolni matn sifatida yuboring (yoki /cancel).
text-text-only = Men faqat matnni oʻqiyman: savolingizni xabar qilib yuboring, masalan “Muloqot qachon boshlangan?”
text-ask-after-mention = Meni eslatgandan keyin soʻrang, masalan “@{ $username } muloqot qachon boshlangan?”
text-too-long = Bu uzun xabar ({ $length } belgi). Iltimos, { $most } belgidan qisqa bitta savol bering.
text-unknown-command = Bunday buyruqni bilmayman. /help — nimalar qila olishim roʻyxati; yoki shunchaki savol yuboring.
text-cancelled = Bekor qilindi.
text-nothing-to-cancel = Bekor qiladigan narsa yoʻq.
text-ask-placeholder = Savolingiz

## Answers
quote-original = asl matn, ingliz tilida
sources-label = Manbalar:
more-passages = Yana parchalar ({ $from }–{ $to }):
more-passage = Yana parchalar ({ $from }):
no-more-passages = Boshqa parchalar yoʻq.
decline = Kutubxonada bu haqda hech narsa yoʻq.
decline-why = Men faqat maqolalarda yozilganini keltiraman, ularning hech biri bunga javob bermaydi.
decline-hint = Unda nima borligini koʻrish uchun /sources, namunalar uchun /help ni yuboring.
coverage = Unda Markaziy Osiyo – Yaponiya munosabatlari haqida { $articles } ta maqola bor: “Markaziy Osiyo + Yaponiya” muloqoti, sammitlar va vazirlar uchrashuvlari, savdo, yordam va investitsiyalar, shaxslar va sanalar.
nothing-on = “{ $query }” haqida hech narsa yoʻq — boshqa soʻzlar bilan urinib koʻring
text-passage-gone = Bu parcha endi kutubxonada yoʻq.
text-passage-needs-chat = Parchalarni toʻliq oʻqish uchun men bilan chat oching.

## Cards
card-entity = Kim yoki nima
card-figure = Raqam
card-event = Voqea
card-topic = Mavzu
card-date = Sana
card-value = Qiymat
card-measure = Koʻrsatkich
card-period = Davr
card-role = Lavozim
card-country = Mamlakat
card-countries = Mamlakatlar
card-sources = Manbalar: { $list }
card-conflict = ⚠️ Manbalar “{ $field }” boʻyicha farq qiladi: { $claims }

## Timeline and figures
timeline-title = Xronologiya
timeline-count = { $count } ta voqea
timeline-intro = 🗓 Kutubxonada { $count } ta sanali voqea bor. Davr yoki mamlakatni tanlang (yoki /timeline 2019-2022, /timeline Oʻzbekiston deb yozing).
timeline-picked = 🗓 Tanlandi: { $label }
timeline-all = Barcha voqealar ({ $count })
timeline-empty = Kutubxonada hozircha sanali voqealar yoʻq.
timeline-empty-filter = Bu filtr boʻyicha sanali voqealar yoʻq.
figures-title = Raqamlar
figures-empty = Kutubxonada hozircha raqamlar yoʻq.
figures-empty-filter = Bu filtr boʻyicha raqamlar yoʻq.
sources-title = Kutubxona: { $count } ta maqola
## Buttons
label-cancel = ✖ Bekor qilish
label-sources = 📚 Manbalar
label-more = ➕ Yana parchalar
label-passage = 📄 [{ $n }]
label-all-events = Barcha voqealar ({ $n })

## Language
language-prompt = Javoblarim tilini tanlang. Iqtiboslar asl ingliz tilida qoladi.
language-set = Endi oʻzbek tilida javob beraman.
language-name = Oʻzbekcha

## Errors
error-generic = Kechirasiz, javob berishda menda nimadir notoʻgʻri ketdi. Birozdan keyin qayta urinib koʻring.
error-storage = Kechirasiz, hozir xotira omboriga ulana olmayapman. Bir daqiqadan keyin qayta urinib koʻring.
rate-limited = Savollarni men javob berishga ulgurganimdan tezroq yuboryapsiz. Bir daqiqa kuting va yana soʻrang.
text-unknown-button = Kechirasiz, bu tugmani tanimayman.
text-stale = Bu tugmaning muddati tugagan. Iltimos, qayta soʻrang.
button-expired-timeline = Bu tugmaning muddati tugagan. /timeline ni qayta yuboring.
reload-admin-only = Kechirasiz, /reload faqat bot administratorlari uchun.
reload-running = Qayta yuklash allaqachon ketmoqda; natijasi tez orada.
reload-done = Kutubxona qayta yuklandi: hozir { $articles } ta maqola (avval: { $before }).
reload-refused = Qayta yuklash rad etildi: { $reason }. Avvalgi kutubxona ishlamoqda ({ $serving } ta maqola).

## The bot's own words (src/bot/texts.ts: TEXT.* as text-*, LABEL.* as label-*, names in kebab case)
text-not-a-question = Menga savolni soʻz bilan yozing, masalan “Markaziy Osiyo + Yaponiya muloqoti qachon boshlangan?”
text-not-words = Menga savolni soʻz bilan yozing, masalan “Yetakchilarning birinchi sammitiga kim raislik qilgan?”
text-inline-keep-typing = Savolingizni yozishda davom eting…
text-inline-nothing-yet = Hozircha iqtibos yoʻq: yozishda davom eting yoki boshqa soʻzlarni sinab koʻring
label-back-to-answer = ◀ Javobga
label-back = ◀ Orqaga
label-next = Yana ▶
label-prev-page = ◀ Oldingi
label-next-page = Keyingi ▶
label-all-figures = Barcha raqamlar ({ $n })
label-active = • { $label }

## Frame of answers and lists (src/render/telegram.ts)
smalltalk = Assalomu alaykum! Markaziy Osiyo – Yaponiya munosabatlari haqida soʻrang: kutubxonadan iqtiboslar bilan, har birini manbasi bilan javob beraman. /help — qanday soʻrash.
sources-heading = Manbalar
sources-of-answer = Bu javobning manbalari
by-author = muallif: { $author }
passage-of = Maqolaning { $n }-parchasi
passage-bold = (iqtibos qalin harflarda)
page-note = { $k }/{ $n }-sahifa
shortened = (bitta xabarga sigʻishi uchun qisqartirildi)
count = { $n }
start-title = Dialogue Desk
start-ask = Oʻz soʻzlaringiz bilan soʻrang — oʻzbek, rus yoki ingliz tilida. Kutubxonada bu haqda hech narsa boʻlmasa, shuni aytaman: taxmin qilmayman.
start-ask-examples = Oʻz soʻzlaringiz bilan soʻrang, masalan quyidagi savollar kabi — oʻzbek, rus yoki ingliz tilida. Kutubxonada bu haqda hech narsa boʻlmasa, shuni aytaman: taxmin qilmayman.
start-group = Bu guruhda: /ask@{ $me } <savol> yoki @{ $me } ni eslating.
help-title = Qanday soʻrash kerak
about-title = Dialogue Desk haqida
language-current = Hozir oʻzbek tilida javob beraman.

## Fact-card fields
card-field-name = Ism
card-field-type = Turi
card-field-role = Lavozim
card-field-also-described-as = Yana shunday ataladi
card-field-author-of = Muallifi
card-field-country = Mamlakat
card-field-countries = Mamlakatlar
card-field-mentioned-with = Birga tilga olingan
card-field-people = Shaxslar
card-field-event = Voqea
card-field-events = Voqealar
card-field-figures = Raqamlar
card-field-period = Davr
card-field-until = Gacha
card-field-source = Manba
card-field-sources = Manbalar
card-field-reports = Xabarlar
card-field-expected-earlier = Avvalroq kutilgan
card-field-in-numbers = Raqamlarda
card-field-key-events = Asosiy voqealar
card-field-key-figures = Asosiy raqamlar
card-field-same-source-also-gives = Shu manba yana keltiradi
card-field-date = Sana
card-field-value = Qiymat
card-field-measure = Koʻrsatkich
