/**
 * The organisation generated tenants share: departments with their titles and the roles their
 * people are made eligible for, and offices with Windows time zones (as Exchange names them).
 */

export interface Department {
  name: string;
  /** Share of the workforce. */
  weight: number;
  head: string;
  manager: string;
  titles: string[];
  /** Roles staff may be eligible for, with the chance each staff member is. */
  roles: Array<[string, number]>;
}

export const DEPARTMENTS: Department[] = [
  {
    name: 'IT Operations', weight: 9, head: 'Director of IT Operations', manager: 'IT Operations Manager',
    titles: ['Systems Engineer', 'Endpoint Engineer', 'Infrastructure Engineer', 'Cloud Engineer', 'Network Engineer'],
    roles: [['Intune Administrator', 0.45], ['Global Reader', 0.3], ['Groups Administrator', 0.25], ['Helpdesk Administrator', 0.2], ['Exchange Administrator', 0.1]],
  },
  {
    name: 'Identity & Access', weight: 1.5, head: 'Head of Identity', manager: 'Identity Engineering Lead',
    titles: ['Identity Engineer', 'Senior Identity Engineer', 'Identity Architect'],
    roles: [['User Administrator', 0.8], ['Privileged Role Administrator', 0.35], ['Authentication Administrator', 0.5], ['Privileged Authentication Administrator', 0.2], ['Conditional Access Administrator', 0.4], ['Application Administrator', 0.35], ['Hybrid Identity Administrator', 0.25], ['Global Administrator', 0.12], ['Attribute Definition Administrator', 0.1]],
  },
  {
    name: 'Security Operations', weight: 3, head: 'Chief Information Security Officer', manager: 'SOC Lead',
    titles: ['Security Analyst', 'Senior Security Analyst', 'Threat Hunter', 'Security Engineer', 'Incident Responder'],
    roles: [['Security Reader', 0.7], ['Security Operator', 0.45], ['Security Administrator', 0.35], ['Global Reader', 0.3], ['Conditional Access Administrator', 0.1], ['Compliance Administrator', 0.1]],
  },
  {
    name: 'Messaging & Collaboration', weight: 3, head: 'Head of Digital Workplace', manager: 'Collaboration Lead',
    titles: ['Messaging Engineer', 'Collaboration Engineer', 'Microsoft 365 Engineer'],
    roles: [['Exchange Administrator', 0.6], ['Teams Administrator', 0.6], ['SharePoint Administrator', 0.45], ['Groups Administrator', 0.3]],
  },
  {
    name: 'Service Desk', weight: 7, head: 'Head of Service Desk', manager: 'Service Desk Manager',
    titles: ['Service Desk Analyst', 'Senior Service Desk Analyst', 'Desktop Support Technician'],
    roles: [['Helpdesk Administrator', 0.85], ['Password Administrator', 0.3], ['Authentication Administrator', 0.2], ['User Administrator', 0.08]],
  },
  {
    name: 'Engineering', weight: 18, head: 'VP Engineering', manager: 'Engineering Manager',
    titles: ['Software Engineer', 'Senior Software Engineer', 'Platform Engineer', 'Site Reliability Engineer', 'QA Engineer'],
    roles: [['Cloud Application Administrator', 0.05], ['Application Administrator', 0.02], ['Global Reader', 0.02]],
  },
  {
    name: 'Finance', weight: 7, head: 'Chief Financial Officer', manager: 'Finance Manager',
    titles: ['Accountant', 'Financial Analyst', 'Procurement Analyst', 'Payroll Specialist'],
    roles: [['Billing Administrator', 0.06], ['Reports Reader', 0.04]],
  },
  { name: 'Human Resources', weight: 5, head: 'HR Director', manager: 'HR Manager', titles: ['HR Business Partner', 'HR Specialist', 'Recruiter', 'HRIS Analyst'], roles: [['Reports Reader', 0.02]] },
  { name: 'Sales', weight: 16, head: 'VP Sales', manager: 'Sales Manager', titles: ['Account Executive', 'Sales Development Representative', 'Solutions Consultant'], roles: [] },
  { name: 'Marketing', weight: 7, head: 'Marketing Director', manager: 'Marketing Manager', titles: ['Campaign Manager', 'Content Specialist', 'Marketing Analyst', 'Designer'], roles: [['Reports Reader', 0.03]] },
  { name: 'Support', weight: 9, head: 'VP Customer Support', manager: 'Support Team Lead', titles: ['Support Engineer', 'Customer Success Manager', 'Technical Account Manager'], roles: [] },
  { name: 'Legal', weight: 2.5, head: 'General Counsel', manager: 'Legal Counsel Lead', titles: ['Legal Counsel', 'Paralegal', 'Privacy Officer'], roles: [['Compliance Administrator', 0.15]] },
  { name: 'Operations', weight: 5, head: 'COO Office Director', manager: 'Operations Manager', titles: ['Operations Analyst', 'Facilities Coordinator', 'Project Manager'], roles: [] },
];

export interface Office {
  city: string;
  country: string;
  usageLocation: string;
  timeZone: string;
  /** Standard UTC offset in hours (daylight saving is ignored: it only shifts office hours). */
  utcOffset: number;
  locale: string;
  weight: number;
  ipPrefix: string;
}

export const OFFICES: Office[] = [
  { city: 'London', country: 'GB', usageLocation: 'GB', timeZone: 'GMT Standard Time', utcOffset: 0, locale: 'en-GB', weight: 30, ipPrefix: '203.0.113' },
  { city: 'Amsterdam', country: 'NL', usageLocation: 'NL', timeZone: 'W. Europe Standard Time', utcOffset: 1, locale: 'nl-NL', weight: 12, ipPrefix: '198.51.100' },
  { city: 'Berlin', country: 'DE', usageLocation: 'DE', timeZone: 'W. Europe Standard Time', utcOffset: 1, locale: 'de-DE', weight: 8, ipPrefix: '198.51.101' },
  { city: 'New York', country: 'US', usageLocation: 'US', timeZone: 'Eastern Standard Time', utcOffset: -5, locale: 'en-US', weight: 18, ipPrefix: '192.0.2' },
  { city: 'Chicago', country: 'US', usageLocation: 'US', timeZone: 'Central Standard Time', utcOffset: -6, locale: 'en-US', weight: 6, ipPrefix: '192.0.3' },
  { city: 'Seattle', country: 'US', usageLocation: 'US', timeZone: 'Pacific Standard Time', utcOffset: -8, locale: 'en-US', weight: 8, ipPrefix: '192.0.4' },
  { city: 'Bengaluru', country: 'IN', usageLocation: 'IN', timeZone: 'India Standard Time', utcOffset: 5.5, locale: 'en-IN', weight: 10, ipPrefix: '203.0.114' },
  { city: 'Singapore', country: 'SG', usageLocation: 'SG', timeZone: 'Singapore Standard Time', utcOffset: 8, locale: 'en-SG', weight: 4, ipPrefix: '203.0.115' },
  { city: 'Sydney', country: 'AU', usageLocation: 'AU', timeZone: 'AUS Eastern Standard Time', utcOffset: 10, locale: 'en-AU', weight: 4, ipPrefix: '203.0.116' },
];
