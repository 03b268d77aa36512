export { sendEmail, type AnyEmailRequest, type EmailContext, type EmailEnv, type EmailOutcome, type EmailRequest, type EmailStatus } from './send';
export { renderEmail, EMAIL_TEMPLATES, type EmailTemplate, type EmailTemplateData } from './templates';
export { deliverEmail, sendThroughResend, DEFAULT_RESEND_API_URL, type Delivery } from './resend';
