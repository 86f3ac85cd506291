/** @tango/forms: Django's forms: fields with typed cleaned values, widgets rendered through templates, validation with Django's messages. */
export { BoundField, type BoundFieldHost, prettyName } from "./bound-field.js";
export { ErrorDict, ErrorList, type FormErrorEntry } from "./error-list.js";
export { FieldErrors, FieldValidationError, FormNotValidated, UnknownField } from "./errors.js";
export { BooleanField, NullBooleanField } from "./fields/boolean-fields.js";
export {
  BaseChoiceField,
  ChoiceField,
  type ChoiceFieldOptions,
  MultipleChoiceField,
  TypedChoiceField,
  type TypedChoiceFieldOptions,
} from "./fields/choice-fields.js";
export {
  DateField,
  DateTimeField,
  parseDateInput,
  parseDateTimeInput,
  TimeField,
} from "./fields/date-fields.js";
export {
  Field,
  type FieldOptions,
  isEmptyValue,
  type Optional,
  splitValidationError,
  type Validator,
} from "./fields/field.js";
export {
  FileField,
  type FileFieldOptions,
  type FileValue,
  ImageField,
  imageFormat,
} from "./fields/file-fields.js";
export { JSONField } from "./fields/json-field.js";
export {
  ModelChoiceField,
  type ModelChoiceFieldOptions,
  ModelMultipleChoiceField,
} from "./fields/model-choice-fields.js";
export {
  DecimalField,
  type DecimalFieldOptions,
  FloatField,
  IntegerField,
  type NumberFieldOptions,
} from "./fields/number-fields.js";
export {
  CharField,
  type CharFieldOptions,
  EmailField,
  RegexField,
  SlugField,
  URLField,
  type URLFieldOptions,
  UUIDField,
} from "./fields/text-fields.js";
export {
  type BoundFields,
  type CleanedData,
  type FieldRecord,
  type FieldValue,
  Form,
  type FormClass,
  type FormOptions,
  NON_FIELD_ERRORS,
} from "./form.js";
export {
  type DataSource,
  type FormDataInput,
  type MultiValueSource,
  toDataSource,
} from "./form-data.js";
export {
  BaseFormSet,
  DEFAULT_MAX_NUM,
  type FormConstructor,
  type FormSetClass,
  type FormsetInit,
  type FormsetOptions,
  formsetFactory,
} from "./formset.js";
export { ManagementForm } from "./management-form.js";
export {
  allOf,
  DurationMsField,
  type FormFieldOverrides,
  fieldsForModel,
  formFieldFor,
  instanceInitial,
  isFormEditable,
} from "./model-fields-mapping.js";
export {
  type ModelCleaned,
  type ModelFieldName,
  ModelForm,
  type ModelFormClass,
  type ModelFormFields,
  type ModelFormMeta,
  type ModelFormOptions,
  type ModelFormSaveOptions,
} from "./model-form.js";
export {
  BaseModelFormSet,
  type ModelFormSetClass,
  type ModelFormsetInit,
  type ModelFormsetOptions,
  makeModelFormSet,
  modelFormFor,
  modelformsetFactory,
} from "./model-formset.js";
export {
  BaseInlineFormSet,
  foreignKeyTo,
  type InlineFormSetClass,
  type InlineFormsetInit,
  type InlineFormsetOptions,
  inlineformsetFactory,
} from "./model-formset-inline.js";
export {
  defaultRenderer,
  FORMS_TEMPLATES_DIR,
  type FormRenderer,
  TemplatesRenderer,
} from "./renderer.js";
export { rawHtml, SafeHtml, SafeHtmlString } from "./safe-html.js";
export {
  CheckboxSelectMultiple,
  type Choice,
  ChoiceWidget,
  type ChoiceWidgetOptions,
  NullBooleanSelect,
  type OptionContext,
  RadioSelect,
  Select,
  SelectMultiple,
} from "./widgets/choice-widgets.js";
export { ClearableFileInput, FILE_INPUT_CONTRADICTION, FileInput } from "./widgets/file-inputs.js";
export {
  CheckboxInput,
  DateInput,
  DateTimeInput,
  EmailInput,
  HiddenInput,
  Input,
  MultipleHiddenInput,
  NumberInput,
  PasswordInput,
  Textarea,
  TextInput,
  TimeInput,
  URLInput,
} from "./widgets/inputs.js";
export { type Attrs, Widget, type WidgetContext, type WidgetOptions } from "./widgets/widget.js";
