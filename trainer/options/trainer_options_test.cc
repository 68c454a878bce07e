#include "trainer/options/trainer_options.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace tune::trainer {
namespace {

using Args = std::vector<std::string>;

std::string ErrorOf(const Args& args) {
  absl::StatusOr<TrainerOptions> options = ParseTrainerOptions(args);
  if (options.ok()) return "(parsed without error)";
  CHECK(options.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(options.status().message());
}

TEST_CASE("ParseTrainerOptions keeps the defaults for no arguments") {
  absl::StatusOr<TrainerOptions> options = ParseTrainerOptions({});
  REQUIRE(options.ok());
  const TrainerOptions defaults;
  CHECK(options->lr == defaults.lr);
  CHECK(options->epochs == defaults.epochs);
  CHECK(options->dataset == DatasetKind::kCifar10);
  CHECK(options->device == DeviceChoice::kAuto);
  CHECK(options->threads == 1);
  // airbench94's recipe.
  CHECK(options->lr == 11.5);
  CHECK(options->momentum == 0.85);
  CHECK(options->batch_size == 1024);
  CHECK(options->label_smoothing == 0.2);
  CHECK(options->arch == Architecture::kAirbench);
  CHECK(options->tta == 2);
  CHECK(options->lookahead);
  CHECK(options->gpus == 1);
  CHECK(options->prime == Priming::kAuto);
  CHECK(options->rank == 0);
  CHECK(options->data_dir.empty());
  CHECK_FALSE(options->help);
}

TEST_CASE("ParseTrainerOptions reads every flag in the spaced form") {
  absl::StatusOr<TrainerOptions> options =
      ParseTrainerOptions({"--lr",
                           "0.25",
                           "--mom",
                           "0.85",
                           "--wd",
                           "0.0001",
                           "--epochs",
                           "7",
                           "--opt",
                           "sgd",
                           "--batch_size",
                           "64",
                           "--label_smoothing",
                           "0.1",
                           "--dataset",
                           "fashion-mnist",
                           "--data-dir",
                           "/data/fm",
                           "--train-limit",
                           "10000",
                           "--test-limit",
                           "2000",
                           "--val-fraction",
                           "0.2",
                           "--threads",
                           "2",
                           "--seed",
                           "42",
                           "--width",
                           "24",
                           "--device",
                           "cpu",
                           "--bias_scaler",
                           "32",
                           "--warmup",
                           "0.1",
                           "--whiten_bias_epochs",
                           "2",
                           "--lookahead",
                           "off",
                           "--tta",
                           "1",
                           "--arch",
                           "resnet18",
                           "--precision",
                           "bf16",
                           "--cuda-graphs",
                           "off",
                           "--prime",
                           "on",
                           "--gpus",
                           "2"});
  REQUIRE(options.ok());
  CHECK(options->lr == 0.25);
  CHECK(options->momentum == 0.85);
  CHECK(options->weight_decay == 0.0001);
  CHECK(options->epochs == 7);
  CHECK(options->optimizer == OptimizerKind::kSgd);
  CHECK(options->batch_size == 64);
  CHECK(options->label_smoothing == 0.1);
  CHECK(options->dataset == DatasetKind::kFashionMnist);
  CHECK(options->data_dir == "/data/fm");
  CHECK(options->train_limit == 10000);
  CHECK(options->test_limit == 2000);
  CHECK(options->val_fraction == 0.2);
  CHECK(options->lr_units == RateUnits::kTorch);
  CHECK(options->wd_units == RateUnits::kTorch);
  CHECK(options->threads == 2);
  CHECK(options->seed == 42);
  CHECK(options->width == 24);
  CHECK(options->device == DeviceChoice::kCpu);
  CHECK(options->bias_scaler == 32);
  CHECK(options->warmup == 0.1);
  CHECK(options->whiten_bias_epochs == 2);
  CHECK_FALSE(options->lookahead);
  CHECK(options->tta == 1);
  CHECK(options->arch == Architecture::kResNet18);
  CHECK(options->precision == Precision::kBFloat16);
  CHECK_FALSE(options->cuda_graphs);
  CHECK(options->prime == Priming::kOn);
  CHECK(options->gpus == 2);
}

TEST_CASE("Rate flags: --lr and --wd in torch units, -per-1024 in airbench units") {
  absl::StatusOr<TrainerOptions> airbench = ParseTrainerOptions({});
  REQUIRE(airbench.ok());
  CHECK(airbench->lr == 11.5);
  CHECK(airbench->lr_units == RateUnits::kPer1024);
  CHECK(airbench->wd_units == RateUnits::kPer1024);

  absl::StatusOr<TrainerOptions> mixed =
      ParseTrainerOptions({"--lr", "0.1", "--wd-per-1024", "0.01"});
  REQUIRE(mixed.ok());
  CHECK(mixed->lr == 0.1);
  CHECK(mixed->lr_units == RateUnits::kTorch);
  CHECK(mixed->weight_decay == 0.01);
  CHECK(mixed->wd_units == RateUnits::kPer1024);

  CHECK_THAT(ErrorOf({"--lr", "0.1", "--lr-per-1024", "10"}),
             Catch::Contains("give --lr or --lr-per-1024, not both"));
  CHECK_THAT(ErrorOf({"--wd-per-1024", "0.1", "--wd", "1e-4"}),
             Catch::Contains("give --wd or --wd-per-1024, not both"));
  CHECK_THAT(ErrorOf({"--val-limit", "100"}),
             Catch::Contains("--val-limit is gone") &&
                 Catch::Contains("--test-limit"));
}

TEST_CASE("A recipe flag sets the defaults wherever it stands, and flags override") {
  absl::StatusOr<TrainerOptions> blog =
      ParseTrainerOptions({"--lr", "0.3", "--recipe", "blog"});
  REQUIRE(blog.ok());
  CHECK(blog->recipe == Recipe::kBlog);
  CHECK(blog->lr == 0.3);  // given, though before the recipe
  CHECK(blog->lr_units == RateUnits::kTorch);
  CHECK(blog->weight_decay == 5e-4);
  CHECK(blog->wd_units == RateUnits::kTorch);
  CHECK(blog->momentum == 0.9);
  CHECK(blog->batch_size == 512);
  CHECK(blog->arch == Architecture::kResNet18);
  CHECK(blog->lr_start_factor == 0);
  CHECK(blog->lr_end_factor == 0);
  CHECK(blog->max_shift == 4);
  CHECK_FALSE(blog->lookahead);
  CHECK(blog->label_smoothing == 0);

  absl::StatusOr<TrainerOptions> airbench =
      ParseTrainerOptions({"--recipe=airbench", "--epochs", "3"});
  REQUIRE(airbench.ok());
  CHECK(airbench->arch == Architecture::kAirbench);
  CHECK(airbench->epochs == 3);
  CHECK(airbench->max_shift == 2);

  CHECK_THAT(ErrorOf({"--recipe", "fast"}),
             Catch::Contains("--recipe: expected one of airbench, blog"));
  CHECK_THAT(ErrorOf({"--recipe", "blog", "--recipe", "blog"}),
             Catch::Contains("--recipe is given more than once"));
}

TEST_CASE("ParseTrainerOptions reads the --name=value form") {
  absl::StatusOr<TrainerOptions> options = ParseTrainerOptions(
      {"--lr=1e-2", "--opt=nag", "--dataset=synthetic", "--epochs", "3",
       "--data-dir=/a=b", "--device=cuda", "--mom=0"});
  REQUIRE(options.ok());
  CHECK(options->lr == 0.01);
  CHECK(options->optimizer == OptimizerKind::kNesterov);
  CHECK(options->dataset == DatasetKind::kSynthetic);
  CHECK(options->epochs == 3);
  CHECK(options->data_dir == "/a=b");  // only the first '=' splits
  CHECK(options->device == DeviceChoice::kCuda);
  CHECK(options->momentum == 0.0);
}

TEST_CASE("ParseTrainerOptions names an unknown flag") {
  CHECK_THAT(ErrorOf({"--learning_rate", "0.1"}),
             Catch::Contains("unknown flag --learning_rate"));
  CHECK_THAT(ErrorOf({"--lr", "0.1", "--bogus=3"}), Catch::Contains("--bogus"));
  // A swapped separator gets a hint at the real spelling.
  CHECK_THAT(ErrorOf({"--batch-size", "32"}),
             Catch::Contains("did you mean --batch_size"));
  CHECK_THAT(ErrorOf({"--data_dir", "x"}),
             Catch::Contains("did you mean --data-dir"));
}

TEST_CASE("ParseTrainerOptions wants a value after each flag") {
  CHECK_THAT(ErrorOf({"--lr"}), Catch::Contains("--lr needs a value"));
  CHECK_THAT(ErrorOf({"--lr", "--mom", "0.9"}),
             Catch::Contains("--lr needs a value"));
  CHECK_THAT(ErrorOf({"--lr="}), Catch::Contains("--lr"));
}

TEST_CASE("ParseTrainerOptions rejects values that are not numbers") {
  for (const std::string bad :
       {"abc", "0.1x", " 0.1", "nan", "inf", "0x10", "1,5"}) {
    INFO("value '" << bad << "'");
    CHECK_THAT(ErrorOf({"--lr", bad}), Catch::Contains("--lr: expected"));
  }
  CHECK_THAT(ErrorOf({"--epochs", "2.5"}),
             Catch::Contains("--epochs: expected a whole number"));
  CHECK_THAT(ErrorOf({"--seed", "-1"}), Catch::Contains("--seed"));
  CHECK_THAT(ErrorOf({"--batch_size", "99999999999999999999"}),
             Catch::Contains("--batch_size"));
}

TEST_CASE("ParseTrainerOptions rejects values out of range") {
  const std::vector<Args> cases = {
      {"--lr", "0"},         {"--lr", "-0.1"},           {"--mom", "1"},
      {"--mom", "-0.1"},     {"--wd", "-1e-4"},          {"--epochs", "0"},
      {"--batch_size", "0"}, {"--label_smoothing", "1"}, {"--threads", "0"},
      {"--width", "0"},      {"--train-limit", "-1"},    {"--test-limit", "-5"},
      {"--val-fraction", "1"}, {"--val-fraction", "-0.1"}, {"--lr-per-1024", "0"},
      {"--wd-per-1024", "-1"},
      {"--bias_scaler", "0"}, {"--warmup", "1"},         {"--tta", "3"},
      {"--gpus", "0"},       {"--gpus", "65"},           {"--whiten_bias_epochs", "-1"},
  };
  for (const Args& args : cases) {
    INFO(args[0] << " " << args[1]);
    CHECK_THAT(ErrorOf(args), Catch::Contains(args[0] + " must be"));
  }
}

TEST_CASE("ParseTrainerOptions accepts the edges of each range") {
  absl::StatusOr<TrainerOptions> options = ParseTrainerOptions(
      {"--mom", "0", "--wd", "0", "--epochs", "1", "--batch_size", "1",
       "--label_smoothing", "0", "--train-limit", "0", "--lr", "1e-9"});
  CHECK(options.ok());
}

TEST_CASE("ParseTrainerOptions rejects unknown choices") {
  CHECK_THAT(ErrorOf({"--opt", "adam"}),
             Catch::Contains("--opt: expected one of sgd, nag, got 'adam'"));
  CHECK_THAT(ErrorOf({"--arch", "vgg"}),
             Catch::Contains("--arch: expected one of airbench, resnet18"));
  CHECK_THAT(ErrorOf({"--lookahead", "yes"}),
             Catch::Contains("one of on, off"));
  CHECK_THAT(ErrorOf({"--precision", "fp8"}), Catch::Contains("--precision"));
  CHECK_THAT(ErrorOf({"--dataset", "mnist"}),
             Catch::Contains("--dataset") && Catch::Contains("'mnist'"));
  CHECK_THAT(ErrorOf({"--device", "tpu"}), Catch::Contains("--device"));
  CHECK_THAT(ErrorOf({"--prime", "yes"}),
             Catch::Contains("--prime: expected one of auto, on, off"));
}

TEST_CASE("ParseTrainerOptions rejects repeats and stray arguments") {
  CHECK_THAT(ErrorOf({"--lr", "0.1", "--lr=0.2"}),
             Catch::Contains("--lr is given more than once"));
  CHECK_THAT(ErrorOf({"0.1"}), Catch::Contains("unexpected argument '0.1'"));
  CHECK_THAT(ErrorOf({"-lr", "0.1"}), Catch::Contains("'-lr'"));
  CHECK_THAT(ErrorOf({"--"}), Catch::Contains("unexpected argument"));
}

TEST_CASE("ParseTrainerOptions checks the data-parallel flags together") {
  CHECK_THAT(ErrorOf({"--gpus", "2", "--rank", "2", "--dist-store", "/s"}),
             Catch::Contains("--rank must be below --gpus (2), got 2"));
  CHECK_THAT(ErrorOf({"--gpus", "2", "--rank", "1"}),
             Catch::Contains("--rank needs --dist-store"));
  CHECK_THAT(ErrorOf({"--gpus", "4", "--batch_size", "2"}),
             Catch::Contains("--batch_size (2) must be at least --gpus (4)"));
  absl::StatusOr<TrainerOptions> options = ParseTrainerOptions(
      {"--gpus", "2", "--rank", "1", "--dist-store", "/tmp/x/store"});
  REQUIRE(options.ok());
  CHECK(options->rank == 1);
  CHECK(options->dist_store == "/tmp/x/store");
}

TEST_CASE("ParseTrainerOptions recognises --help") {
  absl::StatusOr<TrainerOptions> options =
      ParseTrainerOptions({"--lr", "0.1", "--help"});
  REQUIRE(options.ok());
  CHECK(options->help);
  CHECK_THAT(TrainerUsage(),
             Catch::Contains("--batch_size") && Catch::Contains("--data-dir"));
}

}  // namespace
}  // namespace tune::trainer
