# gridline: the two commands of the quick start are `make demo` and `make test`.
# Every target installs what is missing (scripts/setup.sh) before it builds.
BUILD      ?= build
ASAN_BUILD ?= build-asan
TSA_BUILD  ?= build-tsa
TSAN_BUILD ?= build-tsan
JOBS       ?= $(shell nproc)

FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= codec_decode chunk_decode csv_parse json_readings topology_csv topology_geojson \
                query_params lineproto cmep nem12 greenbutton_xml greenbutton_csv \
                mqtt_packet mqtt_payload validated_records

# The extra trees reuse compiler output through ccache when it is installed.
CCACHE     := $(shell command -v ccache 2>/dev/null)
LAUNCHER   := $(if $(CCACHE),-DCMAKE_CXX_COMPILER_LAUNCHER=$(CCACHE))

.PHONY: all setup build demo test bench check-sanitize check-asan check-thread-safety check-tsan \
	fuzz format clean

all: build

setup:
	@./scripts/setup.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900

demo: build
	./$(BUILD)/gridline demo

bench: build
	./$(BUILD)/gridline bench core

# Every sanitizer and checker (docs/development.md): ASan+UBSan over the unit tests, clang's
# lock-annotation check, ThreadSanitizer over the concurrency tests.
check-sanitize: check-asan check-thread-safety check-tsan

check-asan: setup
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGL_SANITIZE=ON $(LAUNCHER)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS) -L 'unit|concurrency' -LE slow

# The library compiled by clang with -Wthread-safety -Werror: a guarded member touched without
# its mutex does not compile. Unoptimised and without debug info: only the diagnostics matter.
check-thread-safety:
	@./scripts/setup.sh fuzz  # clang
	cmake -S . -B $(TSA_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DGL_THREAD_SAFETY=ON $(LAUNCHER)
	cmake --build $(TSA_BUILD) -j $(JOBS) --target gridline_core

# The concurrency tests (ctest label concurrency) under ThreadSanitizer; the first report fails.
# test/tsan/suppressions.txt drops reports inside RocksDB (uninstrumented, see the file).
check-tsan: setup
	cmake -S . -B $(TSAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g" \
	  -DGL_TSAN=ON $(LAUNCHER)
	cmake --build $(TSAN_BUILD) -j $(JOBS) --target gridline_tests
	cd $(TSAN_BUILD) && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=7 \
	  suppressions=$(CURDIR)/test/tsan/suppressions.txt" \
	  ctest --output-on-failure -j $(JOBS) -L concurrency --timeout 900

# Coverage-guided fuzzing with libFuzzer (clang): each target for FUZZ_SECONDS, starting from its
# seed corpus in test/fuzz/corpus/ (new finds go to $(FUZZ_BUILD)/corpus-<target>).
fuzz:
	@./scripts/setup.sh fuzz
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DGL_FUZZ=ON -DGL_WERROR=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addsuffix _fuzzer,$(FUZZ_TARGETS))
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus-$$t && \
	  ./$(FUZZ_BUILD)/$${t}_fuzzer -max_total_time=$(FUZZ_SECONDS) $(FUZZ_BUILD)/corpus-$$t \
	    test/fuzz/corpus/$$t || exit 1; \
	done

format:
	find src test bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSA_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)
