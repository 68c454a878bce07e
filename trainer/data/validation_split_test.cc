#include "trainer/data/validation_split.h"

#include <catch2/catch.hpp>

#include "trainer/data/load_dataset.h"
#include "trainer/data/synthetic_dataset.h"

namespace tune::trainer {
namespace {

TEST_CASE("HoldOutValidation moves the last images, pixels and labels") {
  ImageDataset train = MakeSyntheticDataset(100, 1, 2);
  const ImageDataset original = train;
  absl::StatusOr<ImageDataset> val = HoldOutValidation(train, 0.1);
  REQUIRE(val.ok());
  REQUIRE(val->Size() == 10);
  REQUIRE(train.Size() == 90);
  CHECK(val->channels == original.channels);
  CHECK(val->num_classes == original.num_classes);
  const size_t pixels = original.PixelsPerImage();
  CHECK(train.images.size() == 90 * pixels);
  CHECK(std::equal(val->images.begin(), val->images.end(),
                   original.images.begin() + 90 * pixels));
  CHECK(std::equal(val->labels.begin(), val->labels.end(),
                   original.labels.begin() + 90));
  CHECK(std::equal(train.labels.begin(), train.labels.end(),
                   original.labels.begin()));
}

TEST_CASE("HoldOutValidation keeps at least one image on each side") {
  ImageDataset train = MakeSyntheticDataset(5, 1, 2);
  absl::StatusOr<ImageDataset> val = HoldOutValidation(train, 0.01);
  REQUIRE(val.ok());
  CHECK(val->Size() == 1);
  CHECK(train.Size() == 4);

  ImageDataset one = MakeSyntheticDataset(1, 1, 2);
  absl::StatusOr<ImageDataset> none = HoldOutValidation(one, 0.5);
  REQUIRE_FALSE(none.ok());
  CHECK_THAT(std::string(none.status().message()),
             Catch::Contains("leaves none to train on"));
  CHECK(one.Size() == 1);  // unchanged
  for (double bad : {0.0, 1.0, -0.1}) {
    ImageDataset data = MakeSyntheticDataset(10, 1, 2);
    CHECK_THAT(std::string(HoldOutValidation(data, bad).status().message()),
               Catch::Contains("--val-fraction"));
    CHECK(data.Size() == 10);
  }
}

TEST_CASE("LoadDataset holds validation out of training, apart from test") {
  absl::StatusOr<TrainValData> data =
      LoadDataset(DatasetKind::kSynthetic, "", 200, 50, 0.25, 3);
  REQUIRE(data.ok());
  CHECK(data->train.Size() == 150);
  CHECK(data->val.Size() == 50);
  CHECK(data->test.Size() == 50);
  CHECK_FALSE(data->val_is_test);
  CHECK(data->val.images != data->test.images);

  absl::StatusOr<TrainValData> on_test =
      LoadDataset(DatasetKind::kSynthetic, "", 200, 50, 0, 3);
  REQUIRE(on_test.ok());
  CHECK(on_test->train.Size() == 200);
  CHECK(on_test->val_is_test);
  CHECK(on_test->val.images == on_test->test.images);
}

}  // namespace
}  // namespace tune::trainer
