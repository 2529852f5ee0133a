// The network view: find a person, draw their coauthor network, filter it
// by years, and compare two people. Every answer comes from the API.
import cytoscape from "cytoscape";
import "./style.css";

const $ = (id) => document.getElementById(id);

const MAX_ZOOM = 1.6;
const MAX_DEPTH = 2;
const state = { person: null, selected: [], request: 0 };

// Kept on window for the console and the browser test, which clicks nodes
// where Cytoscape drew them.
const cy = (window.cy = cytoscape({
  container: $("graph"),
  wheelSensitivity: 0.3,
  style: [
    {
      selector: "node",
      style: {
        label: "data(label)",
        width: (node) => 12 + 8 * Math.sqrt(node.data("work_count")),
        height: (node) => 12 + 8 * Math.sqrt(node.data("work_count")),
        "background-color": "#457b9d",
        "font-size": 10,
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-background-color": "#fff",
        "text-background-opacity": 0.7,
      },
    },
    { selector: "node[distance = 0]", style: { "background-color": "#e63946" } },
    {
      selector: "node.picked",
      style: { "border-width": 4, "border-color": "#f4a261" },
    },
    {
      selector: "edge",
      style: {
        width: (edge) => 1 + 1.5 * (edge.data("shared_works") - 1),
        "line-color": "#a8b4c4",
        opacity: 0.8,
      },
    },
  ],
}));

// Cytoscape measures its box once; the grid around it settles later (the
// side panels fill in), and clicks would then land beside the nodes.
new ResizeObserver(() => cy.resize()).observe($("graph"));

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || response.statusText);
  return body;
}

function showError(error) {
  $("error").textContent = error ? String(error.message || error) : "";
  $("error").hidden = !error;
}

// Searching ------------------------------------------------------------------

$("search").addEventListener("submit", async (event) => {
  event.preventDefault();
  showError(null);
  const name = $("name").value.trim();
  if (!name) return;
  try {
    const found = await getJson(`../authors?name=${encodeURIComponent(name)}`);
    const list = $("people");
    list.replaceChildren(
      ...found.people.slice(0, 8).map((person) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = `${display(person)} (${person.work_count})`;
        button.addEventListener("click", () => choosePerson(person.id));
        item.append(button);
        return item;
      }),
    );
    if (found.people.length === 0) {
      forgetPerson();
      showError(`No one is named like "${name}".`);
    } else await choosePerson(found.people[0].id);
  } catch (error) {
    showError(error);
  }
});

function display(person) {
  return person.homonym_number ? `${person.name} ${person.homonym_number}` : person.name;
}

// A search that found no one leaves no one else's network on show.
function forgetPerson() {
  state.person = null;
  state.request += 1; // a drawing still on its way is dropped
  cy.elements().remove();
  $("controls").hidden = true;
  $("shared").hidden = true;
  $("drift").hidden = true;
}

function counted(number, one, many) {
  return `${number} ${number === 1 ? one : many}`;
}

async function choosePerson(id) {
  const person = await getJson(`../authors/${encodeURIComponent(id)}`);
  state.person = person;
  $("title").textContent = display(person);
  for (const slider of [$("from-year"), $("to-year")]) {
    slider.min = person.first_year;
    slider.max = person.last_year;
    slider.step = 1;
  }
  $("from-year").value = person.first_year;
  $("to-year").value = person.last_year;
  $("controls").hidden = false;
  clearPicks();
  await Promise.all([drawNetwork(), showDrift(id)]);
}

// The network ----------------------------------------------------------------

function years() {
  return { from: Number($("from-year").value), to: Number($("to-year").value) };
}

async function drawNetwork() {
  const { from, to } = years();
  $("from-label").textContent = from;
  $("to-label").textContent = to;
  const request = ++state.request;
  const query = new URLSearchParams({
    depth: $("depth").value,
    from_year: from,
    to_year: to,
    format: "cytoscape",
  });
  const id = encodeURIComponent(state.person.id);
  const data = await getJson(`../authors/${id}/network?${query}`);
  if (request !== state.request) return; // a later move of the slider won
  cy.elements().remove();
  cy.resize(); // the box may have changed since the last drawing
  cy.add(data.elements);
  // Rings around the person: coauthors, then their coauthors. A force
  // layout folds each work's authors into one tight knot.
  cy.layout({
    name: "concentric",
    animate: false,
    concentric: (node) => MAX_DEPTH - node.data("distance"),
    levelWidth: () => 1,
    minNodeSpacing: 28,
  }).run();
  cy.fit(undefined, 30);
  // A small network fitted to the box would be drawn huge: cap the zoom.
  if (cy.zoom() > MAX_ZOOM) cy.zoom({ level: MAX_ZOOM, renderedPosition: centre() });
  const people = cy.nodes().length;
  const links = cy.edges().length;
  $("counts").textContent =
    `${counted(people, "person", "people")}, ` +
    counted(links, "collaboration", "collaborations");
  $("graph").dataset.nodes = people;
  $("graph").dataset.edges = links;
  $("graph").dataset.years = `${from}-${to}`;
  clearPicks();
}

function centre() {
  return { x: cy.width() / 2, y: cy.height() / 2 };
}

function onYears(moved) {
  const { from, to } = years();
  if (from > to) {
    if (moved === "from") $("to-year").value = from;
    else $("from-year").value = to;
  }
  drawNetwork().catch(showError);
}

$("from-year").addEventListener("change", () => onYears("from"));
$("to-year").addEventListener("change", () => onYears("to"));
$("depth").addEventListener("change", () => drawNetwork().catch(showError));

// Two people and the coauthors they share ------------------------------------

function clearPicks() {
  state.selected = [];
  cy.nodes().removeClass("picked");
  $("shared").hidden = true;
}

cy.on("tap", "node", (event) => {
  const node = event.target;
  if (state.selected.length === 2) clearPicks();
  if (state.selected.includes(node.id())) return;
  state.selected.push(node.id());
  node.addClass("picked");
  if (state.selected.length === 2) showShared().catch(showError);
});

async function showShared() {
  const [first, second] = state.selected;
  const { from, to } = years();
  const query = new URLSearchParams({ with: second, from_year: from, to_year: to });
  const answer = await getJson(
    `../authors/${encodeURIComponent(first)}/shared-coauthors?${query}`,
  );
  const a = display(answer.first);
  const b = display(answer.second);
  const count = answer.shared_coauthors.length;
  $("shared-title").textContent = `${count} coauthors shared by ${a} and ${b}`;
  $("first-head").textContent = `years with ${a}`;
  $("second-head").textContent = `years with ${b}`;
  $("shared-rows").replaceChildren(
    ...answer.shared_coauthors.map((coauthor) => {
      const row = document.createElement("tr");
      for (const text of [
        display(coauthor),
        coauthor.years_with_first.join(", "),
        coauthor.years_with_second.join(", "),
      ]) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }),
  );
  $("shared").hidden = false;
}

// Research-area drift: shown where the API draws it, hidden where it cannot.

async function showDrift(id) {
  const url = `../authors/${encodeURIComponent(id)}/topic-drift.svg`;
  const response = await fetch(url);
  if (response.ok) {
    $("drift-chart").src = URL.createObjectURL(await response.blob());
  }
  $("drift").hidden = !response.ok;
}

// A link such as /ui/?person=jongwoo_ko opens that person's network.
const asked = new URLSearchParams(location.search).get("person");
if (asked) choosePerson(asked).catch(showError);
