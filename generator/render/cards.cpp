#include "render/cards.hpp"

#include "render/format.hpp"

#include <algorithm>
#include <cmath>

namespace gazette {

namespace {

using nlohmann::json;

json person_view(const Person& p) {
    if (p.empty()) return false;
    std::string details;
    for (const auto* part : {&p.role, &p.organisation})
        if (!part->empty()) details += (details.empty() ? "" : ", ") + *part;
    return {{"name", p.name}, {"details", details}};
}

template <typename Item>
std::vector<const Item*> pick(const std::vector<Item>& items, const std::vector<std::string>& keys) {
    std::vector<const Item*> out;
    if (keys.empty()) {
        for (const auto& item : items) out.push_back(&item);
        return out;
    }
    for (const auto& key : keys)
        for (const auto& item : items)
            if (item.key == key) out.push_back(&item);
    return out;
}

}  // namespace

json priorities_view(const PrioritiesData& data, const std::vector<std::string>& keys) {
    json items = json::array();
    for (const Priority* p : pick(data.priorities, keys)) {
        json groups = json::array();
        for (const auto& g : p->delivery_groups) groups.push_back({{"name", g.name}, {"lead", person_view(g.lead)}});
        json objectives = json::array();
        for (const auto& o : p->objectives) objectives.push_back({{"text", o}});
        items.push_back({{"key", p->key},
                         {"number", p->number},
                         {"title", p->title},
                         {"theme", p->theme == p->title ? "" : p->theme},  // no echo of the title
                         {"description", p->description},
                         {"lead", person_view(p->lead)},
                         {"delivery_groups", groups},
                         {"has_delivery_groups", !groups.empty()},
                         {"objectives", objectives},
                         {"has_objectives", !objectives.empty()},
                         {"status", p->status}});
    }
    return items;
}

json outcomes_view(const OutcomesData& data, const std::vector<std::string>& keys, const Site& site) {
    const PrioritiesData* priorities = nullptr;
    for (const auto& d : site.datasets)
        if (d.name == data.priorities_dataset) priorities = std::get_if<PrioritiesData>(&d.content);
    json items = json::array();
    for (const Project* p : pick(data.projects, keys)) {
        json measures = json::array();
        for (const auto& m : p->measures) {
            json progress = false;
            if (m.actual && m.target && *m.target > 0) {
                double share = *m.actual / *m.target * 100.0;
                progress = {{"percent", format_percent(share, 0)},
                            {"value", plain_number(std::min(*m.actual, *m.target))},
                            {"max", plain_number(*m.target)},
                            {"met", *m.actual >= *m.target}};
            }
            measures.push_back({{"label", m.label},
                                {"actual", format_measure(m)},
                                {"unit", m.unit},
                                {"target", m.target ? format_number(*m.target) : ""},
                                {"progress", progress}});
        }
        json linked = json::array();
        if (priorities != nullptr)
            for (const auto& key : p->priorities)
                for (const auto& x : priorities->priorities)
                    if (x.key == key) linked.push_back({{"title", x.title}});
        items.push_back({{"key", p->key},
                         {"name", p->name},
                         {"summary", p->summary},
                         {"funder", p->funder},
                         {"funding", p->funding ? format_gbp(*p->funding) : ""},
                         {"period", p->period},
                         {"status", p->status},
                         {"note", p->note},
                         {"measures", measures},
                         {"has_measures", !measures.empty()},
                         {"priorities", linked},
                         {"has_priorities", !linked.empty()}});
    }
    return items;
}

}  // namespace gazette
