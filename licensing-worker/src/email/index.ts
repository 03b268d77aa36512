export { sendEmail, type AnyEmailRequest, type EmailContext } from './send';
export { renderEmail, EMAIL_TEMPLATES, type EmailTemplate, type EmailTemplateData } from './templates';
export { deliverEmail } from './resend';
