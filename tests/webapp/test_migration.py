"""The migration page: a designer previews the running plans of an older version and moves the chosen ones."""

from __future__ import annotations

from tests.engine.test_migration import (
    DRAFT,
    NEW_DRAFT,
    REVIEW,
    deploy_variant,
    instance_of,
    renamed_draft,
    stored,
    with_recheck,
    without_review,
)

PAGE = "/designer/plan_lifecycle/migrate"


def test_a_designer_previews_the_running_plans_with_a_box_for_each_movable_one(demo3, driver, login_as, tmp_path):
    at_draft = instance_of(driver, driver.start_plan("298", "officer.298"))
    at_review_plan = driver.start_plan("294", "officer.294")
    driver.act("officer.294", DRAFT, {"title": "Kế hoạch dân vận của xã"}, at_review_plan)
    at_review = instance_of(driver, at_review_plan)
    deploy_variant(demo3, tmp_path, without_review)

    response = login_as("designer.30").get(f"{PAGE}?to=2")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "«Xây dựng và ban hành kế hoạch» sang phiên bản 2" in page
    assert f'name="instance" value="{at_draft}" checked' in page
    assert f'name="instance" value="{at_review}"' not in page
    assert "Kế hoạch dân vận của xã" in page and "Có thể chuyển" in page
    assert f"Bước đang chờ &#39;{REVIEW}&#39; không còn trong phiên bản 2" in page
    assert "Chuyển các phiên bản đã chọn" in page


def test_moving_the_chosen_plans_reports_what_moved_and_what_could_not(demo3, driver, login_as, tmp_path):
    at_draft_plan = driver.start_plan("298", "officer.298")
    at_draft = instance_of(driver, at_draft_plan)
    at_review_plan = driver.start_plan("294", "officer.294")
    driver.act("officer.294", DRAFT, {"title": "Kế hoạch dân vận của xã"}, at_review_plan)
    at_review = instance_of(driver, at_review_plan)
    deploy_variant(demo3, tmp_path, renamed_draft, without_review)
    designer = login_as("designer.30")

    response = designer.post(PAGE, data={"to": "2", "instance": [str(at_draft), str(at_review)]})
    assert response.status_code == 302 and response.location.endswith("/designer/plan_lifecycle/versions")
    page = designer.get(response.location).get_data(as_text=True)
    assert (f"Đã chuyển 1 hồ sơ sang phiên bản 2; 1 hồ sơ không chuyển được: #{at_review}: "
            f"Bước đang chờ &#39;{REVIEW}&#39; không còn trong phiên bản 2.") in page
    assert driver.task("officer.298", NEW_DRAFT, at_draft_plan)
    assert driver.task("head.294", REVIEW, at_review_plan)


def test_only_designers_preview_or_move_and_nothing_moves_for_others(demo3, driver, login_as, tmp_path):
    instance_id = instance_of(driver, driver.start_plan("298", "officer.298"))
    deploy_variant(demo3, tmp_path, with_recheck)
    before = stored(demo3, instance_id)
    for username in ("officer.298", "chair.298", "admin.30"):
        user = login_as(username)
        assert user.get(f"{PAGE}?to=2").status_code == 403
        assert user.post(PAGE, data={"to": "2", "instance": str(instance_id)}).status_code == 403
    assert stored(demo3, instance_id) == before


def test_a_bad_target_or_selection_is_refused_with_its_reason_and_nothing_moves(demo3, driver, login_as, tmp_path):
    instance_id = instance_of(driver, driver.start_plan("298", "officer.298"))
    deploy_variant(demo3, tmp_path, with_recheck)
    before = stored(demo3, instance_id)
    designer = login_as("designer.30")
    missing = designer.get(f"{PAGE}?to=9")
    assert missing.status_code == 404 and "không có phiên bản 9" in missing.get_data(as_text=True)
    for bad in ("", "abc", "0", "-1", "²", "99999999999"):
        refused = designer.get(f"{PAGE}?to={bad}")
        assert refused.status_code == 422 and "phải là số nguyên dương" in refused.get_data(as_text=True)
    assert designer.get("/designer/khong_co/migrate?to=2").status_code == 404
    nothing_chosen = designer.post(PAGE, data={"to": "2"})
    assert nothing_chosen.status_code == 422 and "Chưa chọn hồ sơ" in nothing_chosen.get_data(as_text=True)
    assert designer.post(PAGE, data={"to": "2", "instance": "abc"}).status_code == 422
    already = designer.post(PAGE, data={"to": "1", "instance": str(instance_id)})
    assert already.status_code == 422 and "không cũ hơn phiên bản 1" in already.get_data(as_text=True)
    assert stored(demo3, instance_id) == before
