#include "tuner/cli/png_render.h"

#include <cairo.h>
#include <librsvg/rsvg.h>

#include <cmath>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tune::cli {

namespace {

struct HandleDeleter {
  void operator()(RsvgHandle* handle) const { g_object_unref(handle); }
};
struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const {
    cairo_surface_destroy(surface);
  }
};
struct ContextDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

std::string TakeMessage(GError* error) {
  if (error == nullptr) return "unknown error";
  std::string message = error->message;
  g_error_free(error);
  return message;
}

cairo_status_t AppendPng(void* closure, const unsigned char* data,
                         unsigned int length) {
  static_cast<std::string*>(closure)->append(
      reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

absl::StatusOr<std::string> SvgToPng(std::string_view svg, double scale) {
  GError* error = nullptr;
  std::unique_ptr<RsvgHandle, HandleDeleter> handle(rsvg_handle_new_from_data(
      reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error));
  if (handle == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("librsvg cannot read the SVG: ", TakeMessage(error)));
  }
  gdouble width = 0;
  gdouble height = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &width,
                                                &height)) {
    return absl::InvalidArgumentError(
        "the SVG has no width and height in pixels");
  }
  if (!(scale > 0) || !std::isfinite(scale)) scale = 1;
  const double pixels_wide = std::ceil(width * scale);
  const double pixels_high = std::ceil(height * scale);
  if (!(pixels_wide >= 1 && pixels_wide <= kMaxPngPixels && pixels_high >= 1 &&
        pixels_high <= kMaxPngPixels)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the image would be ", pixels_wide, "x", pixels_high, " pixels"));
  }
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
                                 static_cast<int>(pixels_wide),
                                 static_cast<int>(pixels_high)));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(absl::StrCat(
        "cairo: ",
        cairo_status_to_string(cairo_surface_status(surface.get()))));
  }
  std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
  const RsvgRectangle viewport{0, 0, pixels_wide, pixels_high};
  if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &error)) {
    return absl::InternalError(
        absl::StrCat("librsvg cannot render the SVG: ", TakeMessage(error)));
  }
  cr.reset();
  cairo_surface_flush(surface.get());
  std::string png;
  const cairo_status_t status =
      cairo_surface_write_to_png_stream(surface.get(), AppendPng, &png);
  if (status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(absl::StrCat("cairo cannot write the PNG: ",
                                            cairo_status_to_string(status)));
  }
  return png;
}

}  // namespace tune::cli
