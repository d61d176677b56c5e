// Facts only the field reports [S], or nothing at all [U]: each says what was reported (or why nothing confirms it).
// The ids keep the prefix of the system they describe (entra.), as Microsoft-documented facts do; the mark tells them
// apart. A check may warn (SHOULD) on an [S] fact, and only inform (MAY) on a [U] one.
import type { ReportFact } from '../../src/kit/index.ts';

const VALIDATOR = 'https://scimvalidator.microsoft.com/';

const validator = (gist: string, report: string): ReportFact => ({ mark: 'S', gist, report, url: VALIDATOR });
const reported = (gist: string, report: string): ReportFact => ({ mark: 'S', gist, report });
const unconfirmed = (gist: string, report: string): ReportFact => ({ mark: 'U', gist, report });

export const FIELD_REPORTS = {
  'entra.validator.filter-case': validator(
    'A filter on userName (users) or displayName (groups) in a different letter case should find the resource.',
    "vendors' runs of Microsoft's SCIM Validator, which filters existing users and groups in a different case.",
  ),
  'entra.validator.content-type': validator(
    'Responses with a body should say Content-Type application/scim+json.',
    "vendors' runs of Microsoft's SCIM Validator, which warns on any other Content-Type.",
  ),
  'entra.validator.delete-twice': validator(
    'Deleting a user or group a second time should answer 404.',
    "the preview tests of Microsoft's SCIM Validator, as vendors run them.",
  ),
  'entra.validator.joining-property': validator(
    'A PATCH of the joining (first matching) attribute should take effect, and a filter on the new value find the user.',
    "vendors' runs of Microsoft's SCIM Validator, which updates the joining property and looks the user up by it.",
  ),
  'entra.validator.same-attribute-twice': validator(
    'Several operations on the same attribute in one PATCH should apply in order, the last one winning.',
    "the preview tests of Microsoft's SCIM Validator, as vendors run them.",
  ),
  'entra.validator.group-core-schema': validator(
    'A group created with only the core Group schema in "schemas" should be accepted.',
    "vendors' runs of Microsoft's SCIM Validator, which creates groups that way.",
  ),
  'entra.validator.group-duplicate': validator(
    'A second group with an existing displayName should be refused with 409: Entra matches groups by displayName, although the RFC does not make it unique.',
    "vendors' runs of Microsoft's SCIM Validator, which expects the 409.",
  ),
  'entra.validator.add-remove-member': validator(
    'A PATCH that adds members and removes one of them should apply both, in order.',
    "the preview tests of Microsoft's SCIM Validator, as vendors run them.",
  ),
  'entra.returned-types': reported(
    'Returned values should have the types of the schema: a string where a complex attribute is due breaks the reading of the response.',
    'vendors describe Entra provisioning errors that came from such mistyped attributes.',
  ),
  'entra.patch.replace-creates-value-path': reported(
    'A replace on emails[type eq "work"].value for a user without a work email should create that element rather than fail.',
    'vendors see Entra send such replaces to users who lack the element, and the update fail where the server answers 400 noTarget.',
  ),
  'entra.manager.forms': reported(
    'The manager is set with Add or Replace on the enterprise manager path, its id as a bare string or as {"value": id}; GET should return {"value": id} either way.',
    "vendors' request logs show Entra sending the bare string, Microsoft's SCIM Validator the object.",
  ),
  'entra.manager.removal-forms': reported(
    'A Replace with "" or {"value": ""}, a Remove of the manager path, and a Remove on manager[value eq "<id>"] should each clear the manager.',
    "each form appears in vendors' logs of Entra and its test tools; Microsoft's gallery test uses the Replace with an empty value.",
  ),
  'entra.plus-addressed-mail': reported(
    'Mail addresses with a +tag (ada+news@contoso.com) should come back exactly as sent.',
    'vendors find plus-addressed mail among the users of real tenants.',
  ),
  'entra.reassigned-user-recreated': reported(
    "A user deleted from the app and assigned again later is created anew with the same userName, so a deleted user's name must be free.",
    "vendors' provisioning logs show the create with the old userName after a user was removed and reassigned.",
  ),
  'entra.validator.members-replace': unconfirmed(
    'Members may be set with a replace on path members.',
    "seen from Microsoft's SCIM Validator only; nothing shows Entra itself sending it.",
  ),
  'entra.account-discovery.page-size': unconfirmed(
    'How many accounts Account Discovery asks for per page is not known.',
    "Microsoft's Account Discovery documentation names no page size, and no report shows one.",
  ),
  'entra.restore-string-true': unconfirmed(
    'Entra may restore a user with the string "True" for active, as it disables with "False".',
    'Microsoft documents the disable form only, and no report shows the restore on the wire.',
  ),
} satisfies Record<`entra.${string}`, ReportFact>;
