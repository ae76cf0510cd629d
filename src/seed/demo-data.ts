import type { Language } from '../db/schema.js';

/** A demo client with its people, projects and the kind of history it should have. */
export interface DemoClient {
  name: string;
  email: string;
  phone: string;
  vat_number: string;
  address: { line1: string; line2?: string; city: string; postcode: string; country: string };
  currency: string;
  language: Language;
  contacts: Array<{ name: string; email: string; phone?: string }>;
  projects: string[];
  /** What the client's invoices look like: services billed, usual monthly amount (major units), how it pays. */
  services: string[];
  monthly: number;
  habit: 'prompt' | 'late' | 'partial' | 'new';
}

/** A dozen clients of a Greek accounting and consulting practice, Greek and English. */
export const DEMO_CLIENTS: DemoClient[] = [
  {
    name: 'Παπαδόπουλος & Συνεργάτες Ο.Ε.', email: 'logistirio@papadopoulos-oe.gr', phone: '+30 210 6912 440', vat_number: 'EL099812345',
    address: { line1: 'Λεωφ. Κηφισίας 124', city: 'Αθήνα', postcode: '115 26', country: 'GR' }, currency: 'EUR', language: 'el',
    contacts: [{ name: 'Γιώργος Παπαδόπουλος', email: 'g.papadopoulos@papadopoulos-oe.gr', phone: '+30 694 412 3345' }, { name: 'Ελένη Μαρκάκη', email: 'e.markaki@papadopoulos-oe.gr' }],
    projects: ['Μηνιαία λογιστική υποστήριξη', 'Ετήσιος έλεγχος 2026'], services: ['Τήρηση βιβλίων', 'Μισθοδοσία (12 εργαζόμενοι)', 'Δηλώσεις ΦΠΑ'], monthly: 980, habit: 'prompt',
  },
  {
    name: 'Κατσαρός Τεχνική Α.Ε.', email: 'accounts@katsaros-tech.gr', phone: '+30 2310 245 870', vat_number: 'EL800456789',
    address: { line1: 'Τσιμισκή 45', line2: '3ος όροφος', city: 'Θεσσαλονίκη', postcode: '546 23', country: 'GR' }, currency: 'EUR', language: 'el',
    contacts: [{ name: 'Νίκος Κατσαρός', email: 'n.katsaros@katsaros-tech.gr', phone: '+30 697 220 1188' }],
    projects: ['Συντήρηση εγκαταστάσεων ψύξης'], services: ['Συμβουλευτική φορολογικού σχεδιασμού', 'Τήρηση βιβλίων', 'Σύνταξη ισολογισμού'], monthly: 1450, habit: 'late',
  },
  {
    name: 'Αρτοποιεία Νικολάου Ι.Κ.Ε.', email: 'info@artopoieia-nikolaou.gr', phone: '+30 2610 334 120', vat_number: 'EL801112223',
    address: { line1: 'Μαιζώνος 88', city: 'Πάτρα', postcode: '262 21', country: 'GR' }, currency: 'EUR', language: 'el',
    contacts: [{ name: 'Μαρία Νικολάου', email: 'maria@artopoieia-nikolaou.gr' }, { name: 'Σπύρος Νικολάου', email: 'spyros@artopoieia-nikolaou.gr' }],
    projects: [], services: ['Τήρηση βιβλίων', 'Μισθοδοσία (5 εργαζόμενοι)'], monthly: 420, habit: 'partial',
  },
  {
    name: 'Ξενοδοχεία Αιγαίου Α.Ε.', email: 'finance@aegeanhotels.gr', phone: '+30 2810 301 900', vat_number: 'EL094567812',
    address: { line1: 'Λεωφ. Ικάρου 12', city: 'Ηράκλειο', postcode: '713 07', country: 'GR' }, currency: 'EUR', language: 'el',
    contacts: [{ name: 'Κατερίνα Μανωλάκη', email: 'k.manolaki@aegeanhotels.gr', phone: '+30 693 880 4512' }],
    projects: ['Εποχική μισθοδοσία 2026', 'Επενδυτικός νόμος — φάκελος'], services: ['Μισθοδοσία εποχικού προσωπικού', 'Συμβουλευτική επενδυτικού νόμου', 'Τήρηση βιβλίων'], monthly: 2300, habit: 'prompt',
  },
  {
    name: 'Γεωργίου Λογιστική Μονοπρόσωπη Ι.Κ.Ε.', email: 'georgiou@georgiou-logistiki.gr', phone: '+30 2410 551 230', vat_number: 'EL802233445',
    address: { line1: 'Κύπρου 23', city: 'Λάρισα', postcode: '412 22', country: 'GR' }, currency: 'EUR', language: 'el',
    contacts: [{ name: 'Αθανάσιος Γεωργίου', email: 'thanasis@georgiou-logistiki.gr' }],
    projects: [], services: ['Υποστήριξη μισθοδοσίας', 'Εκπαίδευση προσωπικού'], monthly: 350, habit: 'late',
  },
  {
    name: 'Ελαιώνες Μεσσηνίας Α.Ε.', email: 'office@messinia-olives.gr', phone: '+30 27210 96 455', vat_number: 'EL800998877',
    address: { line1: 'Αριστομένους 60', city: 'Καλαμάτα', postcode: '241 00', country: 'GR' }, currency: 'EUR', language: 'el',
    contacts: [{ name: 'Δημήτρης Σταθόπουλος', email: 'd.stathopoulos@messinia-olives.gr' }],
    projects: ['Εξαγωγές — τελωνειακά'], services: ['Τήρηση βιβλίων', 'Ενδοκοινοτικές δηλώσεις', 'Συμβουλευτική εξαγωγών'], monthly: 760, habit: 'prompt',
  },
  {
    name: 'Μαυρίδης Ηλεκτρολογικά', email: 'mavridis.elec@gmail.com', phone: '+30 24210 28 900', vat_number: 'EL045667788',
    address: { line1: 'Ιάσονος 17', city: 'Βόλος', postcode: '382 21', country: 'GR' }, currency: 'EUR', language: 'el',
    contacts: [{ name: 'Κώστας Μαυρίδης', email: 'mavridis.elec@gmail.com', phone: '+30 698 112 7766' }],
    projects: [], services: ['Τήρηση βιβλίων ελεύθερου επαγγελματία', 'Δήλωση Ε1'], monthly: 180, habit: 'new',
  },
  {
    name: 'Harbour Lane Consulting Ltd', email: 'accounts@harbourlane.co.uk', phone: '+44 20 7946 0321', vat_number: 'GB123456789',
    address: { line1: '14 Harbour Lane', city: 'London', postcode: 'SE1 9PG', country: 'GB' }, currency: 'GBP', language: 'en',
    contacts: [{ name: 'Olivia Bennett', email: 'olivia.bennett@harbourlane.co.uk' }, { name: 'James Whitfield', email: 'james@harbourlane.co.uk' }],
    projects: ['Greek subsidiary set-up'], services: ['Greek subsidiary bookkeeping', 'Advisory: Greek tax registration', 'Translation of statutory filings'], monthly: 1200, habit: 'prompt',
  },
  {
    name: 'Northwind Marine Services', email: 'billing@northwind-marine.com', phone: '+30 210 429 1150', vat_number: 'EL997001234',
    address: { line1: 'Akti Miaouli 71', city: 'Piraeus', postcode: '185 37', country: 'GR' }, currency: 'EUR', language: 'en',
    contacts: [{ name: 'Erik Lindqvist', email: 'erik@northwind-marine.com', phone: '+30 697 554 0021' }],
    projects: ['Crew payroll', 'Vessel registry filings'], services: ['Crew payroll', 'Shipping tax filings', 'Bookkeeping'], monthly: 1850, habit: 'late',
  },
  {
    name: 'Blue Olive Design Studio', email: 'hello@blueolive.studio', phone: '+30 28210 55 310', vat_number: 'EL803344556',
    address: { line1: '8 Halidon Street', city: 'Chania', postcode: '731 31', country: 'GR' }, currency: 'EUR', language: 'en',
    contacts: [{ name: 'Sophie Laurent', email: 'sophie@blueolive.studio' }],
    projects: [], services: ['Bookkeeping', 'VAT returns'], monthly: 290, habit: 'partial',
  },
  {
    name: 'Kessler & Hart LLP', email: 'finance@kesslerhart.ie', phone: '+353 1 555 0199', vat_number: 'IE6388047V',
    address: { line1: '22 Merrion Square', city: 'Dublin', postcode: 'D02 XY45', country: 'IE' }, currency: 'EUR', language: 'en',
    contacts: [{ name: 'Aoife Kessler', email: 'aoife@kesslerhart.ie' }],
    projects: ['Cross-border VAT review'], services: ['Cross-border VAT review', 'Advisory hours'], monthly: 2100, habit: 'prompt',
  },
  {
    name: 'Ionian Yacht Charters', email: 'office@ionianyachts.gr', phone: '+30 26610 44 812', vat_number: 'EL804455667',
    address: { line1: 'Ethnikis Antistaseos 3', city: 'Corfu', postcode: '491 00', country: 'GR' }, currency: 'EUR', language: 'en',
    contacts: [{ name: 'Marco Rossi', email: 'marco@ionianyachts.gr' }],
    projects: ['Season 2026'], services: ['Seasonal payroll', 'Bookkeeping', 'Tourist tax returns'], monthly: 640, habit: 'new',
  },
];
