/** SingleObjectFormView: DetailView's object lookup with FormMixin's form handling, typed for one model. */
import type { Model } from "@tango/orm";
import { DetailView } from "./detail-view.js";
import { type FormHandling, FormMixin } from "./form-mixin.js";

// FormMixin(DetailView) loses DetailView's type parameter; this gives it back.
type FormDetailViewClass = (abstract new <M extends Model = Model>() => DetailView<M> &
  FormHandling) &
  Omit<typeof DetailView, "prototype">;
const FormDetailView = FormMixin(DetailView) as unknown as FormDetailViewClass;

/**
 * The base of the views that handle a form about one object of model `M`: UpdateView,
 * CreateView (whose object is null until saved) and DeleteView. It has DetailView's lookup
 * (`model`, `queryset`, pk and slug URL kwargs, 404) and FormMixin's form handling; extend
 * it for your own.
 *
 * @example
 * class PublishView extends SingleObjectFormView<Question> {
 *   override model = Question;
 *   override formClass = PublishForm;
 * }
 */
export class SingleObjectFormView<M extends Model = Model> extends FormDetailView<M> {}
