// Kazakh.
import type { Catalog } from './index.js';

export const kk: Catalog = {
  'error.internal': 'gasp ішкі қатесі: {message}. GASP_DEBUG=1 арқылы іске қосып, әзірлеушілерге хабарлаңыз.',
  'usage.lang': '«{value}» тілі қолдау көрсетілмейді: ru, kk, en рұқсат етілген.',
  'usage.now': 'GASP_NOW «{value}» ISO 8601 күні мен уақыты емес, мысалы 2013-01-21T10:00:00+06:00.',
  'db.newer': '{path} дерекқоры gasp-тің жаңа нұсқасымен жасалған ({migration} көшіру); бұл нұсқа {latest} дейінгі көшірулерді біледі. gasp-ті жаңартыңыз.',
  'db.url': '«{value}» дерекқор мекенжайына қолдау жоқ: SQLite файлының жолын көрсетіңіз (PostgreSQL кейінірек болады).',
  'db.open': '{path} дерекқорын ашу мүмкін болмады: {reason}.',
  'office.invalid': '«{value}» бөлім нөмірі қате: 1-ден {max}-ге дейінгі санды көрсетіңіз.',
  'office.notFound': '{value} нөмірлі бөлім жоқ: нөмір 1-ден {max}-ге дейін болуы керек.',
  'akimat.invalid': '«{value}» әкімдік коды қате: ОО-NN күтіледі (бөлім нөмірі және жол нөмірі), мысалы 15-03.',
  'akimat.notFound': '{value} кодты әкімдік жоқ: {office} бөлімі үшін кодтар {office}-01-ден {office}-{last}-ге дейін.',
  'akimat.noneForOffice': '{office} бөлімінде 2-қосымшада ауылдық әкімдіктер жоқ.',
  'search.none': '«{query}» сұрауы бойынша ештеңе табылмады.',
  'init.done': 'Дерекқор дайын: {path} ({offices} бөлім, {akimats} әкімдік).',
  'col.no': '№',
  'col.code': 'Код',
  'col.office': 'Бөлім',
  'col.name': 'Атауы',
  'col.district': 'Аудан',
  'col.address': 'Мекенжайы',
  'col.website': 'Сайт',
  'col.email': 'Эл. пошта',
  'col.phone': 'Телефон',
  'col.schedule': 'Жұмыс кестесі',
};
