// RAM error codes for policy documents rejected by CreatePolicy / CreatePolicyVersion, for the error catalogue.
//
// Sources:
// - MalformedPolicyDocument, HTTP 400, message "{The error details}": RAM API error list
//   (https://www.alibabacloud.com/help/doc-detail/28754.htm; AlibabaCloudDocs copy of "Error messages"), and the
//   CreatePolicy page of the RAM API reference (old edition) listing the same code for CreatePolicy.
//   A real detail text, from the RAM API via terraform-provider-alicloud PR #9949:
//   "Add an Action or NotAction element to the policy statement."
// - InvalidParameter.PolicyDocument.Length, HTTP 400: the current CreatePolicy / CreatePolicyVersion error tables
//   (alibabacloud.com/help/en/resource-management/api-createpolicy and its CreatePolicyVersion twin, which share
//   RAM's policy store) give "The maximum length of the policy document is exceeded. It must not exceed 6144
//   characters."; the older RAM error list words it 'The parameter - "PolicyDocument" beyond the length limit.'
//   The 6,144 limit itself is in openapi-meta/ram/CreatePolicy.json.

export interface RamErrorSpec {
  readonly code: string;
  readonly httpStatus: number;
}

export const MALFORMED_POLICY_DOCUMENT: RamErrorSpec = { code: 'MalformedPolicyDocument', httpStatus: 400 };

export const POLICY_DOCUMENT_TOO_LONG: RamErrorSpec & { readonly message: string } = {
  code: 'InvalidParameter.PolicyDocument.Length',
  httpStatus: 400,
  message: 'The maximum length of the policy document is exceeded. It must not exceed 6144 characters.',
};

/** Upper bound on PolicyDocument, in characters (code points). */
export const MAX_POLICY_DOCUMENT_LENGTH = 6144;
